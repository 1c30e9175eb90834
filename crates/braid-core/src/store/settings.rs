//! Project settings: choices about how the project's views show it, stored in the project so
//! that every shell and every machine shows the same.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Project;
use crate::store::action::Action;

/// How many attributes a card shows when the project has not chosen: the first columns of the
/// informants table, in its order.
pub const DEFAULT_CARD_ATTRIBUTES: usize = 3;

/// The most attributes a card may show: more would not fit on one line.
pub const MAX_CARD_ATTRIBUTES: usize = 8;

/// The project's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// The informant attributes shown on search hits, retrieved segments, document cards and
    /// transcript headings, in order. Unset, the informants table's first three columns.
    #[serde(default)]
    pub card_attributes: Vec<String>,
    /// The attribute that groups informants by default in crosstabs and the
    /// statistics-by-theme display, e.g. whether a parent migrated. Unset, the first attribute
    /// with a handful of values.
    #[serde(default)]
    pub group_attribute: Option<String>,
}

/// The settings the project holds, with defaults for what it has not chosen.
pub fn settings(project: &Project) -> Result<Settings> {
    let json: Option<String> = project.conn.query_row("SELECT value FROM project WHERE key = 'settings'", [], |r| r.get(0)).optional()?;
    let mut s: Settings = json.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
    if s.card_attributes.is_empty() {
        s.card_attributes = project.attribute_defs()?.into_iter().take(DEFAULT_CARD_ATTRIBUTES).map(|(key, _)| key).collect();
    }
    Ok(s)
}

/// Store the project's settings. Every card attribute must be an attribute the informants
/// have; an empty list goes back to the default.
pub fn set_settings(project: &mut Project, settings: &Settings, actor: &str) -> Result<Settings> {
    if settings.card_attributes.len() > MAX_CARD_ATTRIBUTES {
        return Err(Error::BadRequest(format!(
            "a card shows at most {MAX_CARD_ATTRIBUTES} attributes; {} were given",
            settings.card_attributes.len()
        )));
    }
    let known: Vec<String> = project.attribute_defs()?.into_iter().map(|(key, _)| key).collect();
    if let Some(key) = settings.group_attribute.as_ref().filter(|k| !known.contains(k)) {
        return Err(Error::NotFound { what: "attribute", name: key.clone() });
    }
    for (i, key) in settings.card_attributes.iter().enumerate() {
        if !known.contains(key) {
            return Err(Error::NotFound { what: "attribute", name: key.clone() });
        }
        if settings.card_attributes[..i].contains(key) {
            return Err(Error::BadRequest(format!("the attribute `{key}` is named twice")));
        }
    }
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO project (key, value) VALUES ('settings', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(settings).unwrap_or_default()],
    )?;
    crate::store::log_event(&tx, actor, Action::SetSettings, &serde_json::json!({ "card_attributes": settings.card_attributes, "group_attribute": settings.group_attribute }))?;
    tx.commit()?;
    self::settings(project)
}
