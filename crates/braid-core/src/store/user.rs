//! Who is coding: the name this machine's user codes under, remembered in their own settings
//! file (not in a project, so it follows them from project to project), and the name proposed
//! on first start: the account's full name.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Location, Result};

/// Braid's version, as `braid --version` and the app's About show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The longest coder name, in characters.
pub const MAX_CODER_NAME: usize = 100;

/// The largest settings file read; anything larger is not Braid's.
const MAX_SETTINGS_BYTES: u64 = 64 * 1024;

/// The user's own settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSettings {
    /// The name codings and other actions are recorded under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coder: Option<String>,
}

/// Who is coding, where that comes from, and what to propose when nobody has said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CoderIdentity {
    /// The name actions are recorded under, if one is set (`$BRAID_USER` or the settings).
    pub coder: Option<String>,
    /// Where `coder` comes from: `env` (`$BRAID_USER`), `settings`, or `none`.
    pub source: String,
    /// The name to propose: the account's full name, else its login.
    pub proposed: String,
    /// The settings file that remembers the name.
    pub settings_file: String,
    /// Braid's version.
    pub version: String,
}

/// `$BRAID_CONFIG_DIR/settings.json`, else `$XDG_CONFIG_HOME/braid/settings.json`, else
/// `~/.config/braid/settings.json`.
pub fn settings_file() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let dir = var("BRAID_CONFIG_DIR")
        .or_else(|| var("XDG_CONFIG_HOME").map(|d| d.join("braid")))
        .or_else(|| var("HOME").map(|h| h.join(".config").join("braid")))?;
    Some(dir.join("settings.json"))
}

/// The user's settings; defaults when the file does not exist.
pub fn load() -> Result<UserSettings> {
    let Some(path) = settings_file() else {
        return Ok(UserSettings::default());
    };
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UserSettings::default()),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let mut text = String::new();
    use std::io::Read;
    file.take(MAX_SETTINGS_BYTES + 1).read_to_string(&mut text).map_err(|e| Error::io(&path, e))?;
    let at = || Location::file(path.display().to_string());
    if text.len() as u64 > MAX_SETTINGS_BYTES {
        return Err(Error::bad_input(at(), format!("larger than {} KiB; this is not Braid's settings file", MAX_SETTINGS_BYTES / 1024)));
    }
    serde_json::from_str(&text).map_err(|e| {
        let mut at = at();
        at.line = Some(e.line());
        Error::bad_input(at, format!("{e}; correct it, or delete the file and Braid asks again who is coding"))
    })
}

/// A coder name, trimmed, or why it cannot be one.
pub fn check_coder_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::BadRequest("give a name to code under, e.g. your full name".into()));
    }
    if name.chars().count() > MAX_CODER_NAME {
        return Err(Error::BadRequest(format!("a coder name has at most {MAX_CODER_NAME} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::BadRequest("a coder name is one line of text, without tabs or line breaks".into()));
    }
    Ok(name.to_string())
}

/// Remember `name` as the coder, in the settings file (written whole, never half).
pub fn set_coder(name: &str) -> Result<CoderIdentity> {
    let name = check_coder_name(name)?;
    let path = settings_file().ok_or_else(|| Error::BadRequest("no settings folder: set HOME or BRAID_CONFIG_DIR".into()))?;
    // A damaged file is replaced rather than kept: the user is saying who they are.
    let mut settings = load().unwrap_or_default();
    settings.coder = Some(name);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let json = serde_json::to_vec_pretty(&settings).unwrap_or_default();
    crate::store::write_whole(&path, &json)?;
    coder_identity()
}

/// Who is coding, from `$BRAID_USER` or the settings file, with the name to propose.
pub fn coder_identity() -> Result<CoderIdentity> {
    let from_env = std::env::var("BRAID_USER").ok().filter(|v| !v.trim().is_empty());
    let (coder, source) = match from_env {
        Some(v) => (Some(v), "env"),
        None => match load()?.coder {
            Some(v) => (Some(v), "settings"),
            None => (None, "none"),
        },
    };
    Ok(CoderIdentity {
        coder,
        source: source.to_string(),
        proposed: proposed_coder(),
        settings_file: settings_file().map(|p| p.display().to_string()).unwrap_or_default(),
        version: VERSION.to_string(),
    })
}

/// The remembered coder name, if any (a damaged settings file counts as none).
pub(crate) fn remembered_coder() -> Option<String> {
    load().ok().and_then(|s| s.coder)
}

/// The account's full name (the first field of its GECOS entry in `/etc/passwd`), else its
/// login (`$USER`), else empty.
pub fn proposed_coder() -> String {
    full_name().or_else(|| std::env::var("USER").ok()).unwrap_or_default()
}

fn full_name() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:"))?.split_whitespace().next()?.to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    gecos_name(&passwd, &uid)
}

/// The full name of the account `uid` in passwd text.
fn gecos_name(passwd: &str, uid: &str) -> Option<String> {
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 5 && fields[2] == uid)
            .then(|| fields[4].split(',').next().unwrap_or("").trim().to_string())
            .filter(|n| !n.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_name_is_the_first_gecos_field() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nli:x:1000:1000:Li Wang,Room 3,,:/home/li:/bin/bash\nzhao:x:1001:1001::/home/zhao:/bin/sh\n";
        assert_eq!(gecos_name(passwd, "1000").as_deref(), Some("Li Wang"));
        assert_eq!(gecos_name(passwd, "1001"), None);
        assert_eq!(gecos_name(passwd, "1002"), None);
    }

    #[test]
    fn coder_names_are_one_trimmed_line() {
        assert_eq!(check_coder_name("  Li Wang ").unwrap(), "Li Wang");
        assert!(check_coder_name("   ").is_err());
        assert!(check_coder_name("Li\nWang").is_err());
        assert!(check_coder_name(&"x".repeat(MAX_CODER_NAME + 1)).is_err());
    }
}
