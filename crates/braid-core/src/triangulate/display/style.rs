//! The project's attribution style, stored in the project table.

use crate::error::Result;
use crate::store::Project;
use crate::triangulate::display::model::AttributionStyle;

/// Store the project's attribution style.
pub fn set_attribution_style(project: &mut Project, style: &AttributionStyle, actor: &str) -> Result<()> {
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO project (key, value) VALUES ('attribution_style', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(style).unwrap_or_default()],
    )?;
    crate::store::log_event(&tx, actor, crate::store::action::Action::SetAttribution, &serde_json::json!({ "types": style.templates.keys().collect::<Vec<_>>() }))?;
    tx.commit()?;
    Ok(())
}

/// The project's attribution style (the default names only the informant and their type).
pub fn attribution_style(project: &Project) -> Result<AttributionStyle> {
    use rusqlite::OptionalExtension;
    let json: Option<String> =
        project.conn.query_row("SELECT value FROM project WHERE key = 'attribution_style'", [], |r| r.get(0)).optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}
