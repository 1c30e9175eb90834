//! Displays and the project: the stored attribution style, and the entry points that read a
//! snapshot of the project and build or export a display from it.

use crate::error::Result;
use crate::store::Project;
use crate::triangulate::display::build::{display_file, framework_matrix, side_by_side, statistics_by_theme};
use crate::triangulate::display::model::{
    DisplayFormat, DisplayRequest, FrameworkMatrix, FrameworkRequest, JointDisplay, ThemeStats, ThemeStatsRequest,
};
use crate::triangulate::display::snapshot::Snapshot;

/// The side-by-side display as the project holds it: its published tables and its attribution
/// style.
pub fn project_joint_display(project: &Project) -> Result<JointDisplay> {
    Ok(side_by_side(&Snapshot::load(project, &DisplayRequest::SideBySide)?))
}

/// The statistics-by-theme display of the project as it is now.
pub fn project_theme_stats(project: &Project, request: &ThemeStatsRequest) -> Result<ThemeStats> {
    statistics_by_theme(&Snapshot::load(project, &DisplayRequest::Themes { request: request.clone() })?, request)
}

/// The framework matrix of the project as it is now.
pub fn project_framework(project: &Project, request: &FrameworkRequest) -> Result<FrameworkMatrix> {
    framework_matrix(&Snapshot::load(project, &DisplayRequest::Framework { request: request.clone() })?, request)
}

/// The case-ordered display of the project as it is now.
pub fn project_case_display(project: &Project, request: &crate::triangulate::display::model::CaseDisplayRequest) -> Result<crate::triangulate::display::model::CaseDisplay> {
    let display_request = DisplayRequest::Cases { request: request.clone() };
    crate::triangulate::display::cases::case_display(&Snapshot::load(project, &display_request)?, request)
}

/// Build a display from the current codings and models and render it.
pub fn export_display(project: &Project, request: &DisplayRequest, format: DisplayFormat, title: &str) -> Result<Vec<u8>> {
    display_file(&Snapshot::load(project, request)?, request, format, title)
}

/// Export a display to `path`. The file appears whole or not at all.
pub fn save_display(project: &Project, request: &DisplayRequest, format: DisplayFormat, title: &str, path: &std::path::Path) -> Result<()> {
    let bytes = export_display(project, request, format, title)?;
    crate::store::write_whole(path, &bytes)
}
