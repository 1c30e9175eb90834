//! Serving linked recordings to the player.
//!
//! WebKitGTK plays media through GStreamer, which has no handler for an app's own URL schemes, so a
//! recording given to `<audio>` as an `asset://` URL fails on Linux (tauri-apps/tauri#3725). The
//! player gets an `http://127.0.0.1:PORT/media/TOKEN` URL instead, from this server:
//! - it listens on the loopback interface only, on a port the system picks;
//! - it serves only files the app registered, each behind a random 128-bit token, and only once
//!   the core has checked that the file is the one linked;
//! - it answers `GET` and `HEAD`, with byte ranges, so the player can seek in long recordings;
//!   a request naming another host (DNS rebinding) or another path gets nothing.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// The files the server may serve, by token.
type Files = Arc<Mutex<HashMap<String, PathBuf>>>;

/// The running server.
pub(crate) struct MediaServer {
    port: u16,
    files: Files,
}

impl MediaServer {
    /// Bind to a free loopback port and serve from a background thread.
    pub(crate) fn start() -> std::io::Result<MediaServer> {
        let server = Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let port = server.server_addr().to_ip().map(|a| a.port()).ok_or_else(|| std::io::Error::other("the media server has no port"))?;
        let files: Files = Arc::default();
        let shared = Arc::clone(&files);
        std::thread::Builder::new().name("media-server".into()).spawn(move || {
            for request in server.incoming_requests() {
                let files = Arc::clone(&shared);
                // One thread per request: a long recording streaming never holds up a seek.
                let _ = std::thread::Builder::new().name("media-request".into()).spawn(move || answer(request, port, &files));
            }
        })?;
        Ok(MediaServer { port, files })
    }

    /// The URL the player loads `path` from; the same file keeps its token while the app runs.
    pub(crate) fn url_for(&self, path: &Path) -> String {
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        let token = match files.iter().find(|(_, p)| p.as_path() == path) {
            Some((token, _)) => token.clone(),
            None => {
                let token = uuid::Uuid::new_v4().simple().to_string();
                files.insert(token.clone(), path.to_path_buf());
                token
            }
        };
        format!("http://127.0.0.1:{}/media/{token}", self.port)
    }
}

/// The MIME type of a recording, by extension.
fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("mp3") => "audio/mpeg",
        Some("m4a") => "audio/mp4",
        Some("wav") => "audio/wav",
        Some("ogg") => "audio/ogg",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn refuse(request: Request, status: u16) {
    let _ = request.respond(Response::empty(StatusCode(status)));
}

/// What a request gets: the status, the byte range of the file, and the file's size.
#[derive(Debug, PartialEq, Eq)]
enum Answer {
    /// Refused with this status.
    Refuse(u16),
    /// `status` with bytes `start..start + length` of a file of `size` bytes.
    Serve { status: u16, start: u64, length: u64, size: u64 },
}

/// Decide a request: its method, path, host and range, against the registered files.
fn decide(method: &Method, url: &str, host: Option<&str>, range: Option<&str>, port: u16, size_of: impl Fn(&str) -> Option<u64>) -> Answer {
    if !matches!(method, Method::Get | Method::Head) {
        return Answer::Refuse(405);
    }
    if host != Some(&format!("127.0.0.1:{port}")) {
        return Answer::Refuse(403);
    }
    let Some(token) = url.strip_prefix("/media/").filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric())) else {
        return Answer::Refuse(404);
    };
    let Some(size) = size_of(token) else { return Answer::Refuse(404) };
    match range {
        None => Answer::Serve { status: 200, start: 0, length: size, size },
        Some(value) => match http_range::HttpRange::parse(value, size) {
            Ok(ranges) if ranges.len() == 1 => Answer::Serve { status: 206, start: ranges[0].start, length: ranges[0].length, size },
            // Several ranges in one answer (multipart) are not needed by a player.
            Ok(_) | Err(_) => Answer::Refuse(416),
        },
    }
}

fn answer(request: Request, port: u16, files: &Files) {
    let find = |name: &'static str| request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string());
    let (host, range) = (find("Host"), find("Range"));
    let path = {
        let files = files.lock().unwrap_or_else(|p| p.into_inner());
        request.url().strip_prefix("/media/").and_then(|t| files.get(t).cloned())
    };
    let size_of = |_: &str| path.as_deref().and_then(|p| std::fs::metadata(p).ok()).filter(|m| m.is_file()).map(|m| m.len());
    match decide(request.method(), request.url(), host.as_deref(), range.as_deref(), port, size_of) {
        Answer::Refuse(status) => refuse(request, status),
        Answer::Serve { status, start, length, size } => {
            let Some(path) = path else { return refuse(request, 404) };
            let Ok(mut file) = File::open(&path) else { return refuse(request, 404) };
            if file.seek(SeekFrom::Start(start)).is_err() {
                return refuse(request, 500);
            }
            let mut headers = vec![header("Content-Type", mime(&path)), header("Accept-Ranges", "bytes"), header("Cache-Control", "no-store")];
            if status == 206 {
                headers.push(header("Content-Range", &format!("bytes {start}-{}/{size}", start + length - 1)));
            }
            let body: Box<dyn std::io::Read + Send> = if *request.method() == Method::Head { Box::new(std::io::empty()) } else { Box::new(file.take(length)) };
            let response = Response::new(StatusCode(status), headers, body, usize::try_from(length).ok(), None);
            let _ = request.respond(response);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 4711;

    fn ask(method: Method, url: &str, host: &str, range: Option<&str>) -> Answer {
        decide(&method, url, Some(host), range, PORT, |t| (t == "abc123").then_some(1_000))
    }

    #[test]
    fn only_registered_files_on_the_loopback_host_are_served() {
        let host = "127.0.0.1:4711";
        assert_eq!(ask(Method::Get, "/media/abc123", host, None), Answer::Serve { status: 200, start: 0, length: 1_000, size: 1_000 });
        assert_eq!(ask(Method::Head, "/media/abc123", host, None), Answer::Serve { status: 200, start: 0, length: 1_000, size: 1_000 });
        assert_eq!(ask(Method::Get, "/media/other", host, None), Answer::Refuse(404));
        assert_eq!(ask(Method::Get, "/media/../etc/passwd", host, None), Answer::Refuse(404));
        assert_eq!(ask(Method::Get, "/", host, None), Answer::Refuse(404));
        assert_eq!(ask(Method::Post, "/media/abc123", host, None), Answer::Refuse(405));
        assert_eq!(ask(Method::Get, "/media/abc123", "evil.example:4711", None), Answer::Refuse(403));
        assert_eq!(decide(&Method::Get, "/media/abc123", None, None, PORT, |_| Some(1)), Answer::Refuse(403));
    }

    #[test]
    fn ranges_let_the_player_seek() {
        let host = "127.0.0.1:4711";
        assert_eq!(ask(Method::Get, "/media/abc123", host, Some("bytes=100-199")), Answer::Serve { status: 206, start: 100, length: 100, size: 1_000 });
        assert_eq!(ask(Method::Get, "/media/abc123", host, Some("bytes=900-")), Answer::Serve { status: 206, start: 900, length: 100, size: 1_000 });
        assert_eq!(ask(Method::Get, "/media/abc123", host, Some("bytes=-10")), Answer::Serve { status: 206, start: 990, length: 10, size: 1_000 });
        assert_eq!(ask(Method::Get, "/media/abc123", host, Some("bytes=2000-")), Answer::Refuse(416));
        assert_eq!(ask(Method::Get, "/media/abc123", host, Some("bytes=0-1,5-6")), Answer::Refuse(416));
        assert_eq!(ask(Method::Get, "/media/abc123", host, Some("lines=1-2")), Answer::Refuse(416));
    }

    #[test]
    fn a_registered_file_is_streamed_whole_and_by_range() {
        let dir = std::env::temp_dir().join(format!("braid-media-server-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("tone.wav");
        let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
        std::fs::write(&file, &bytes).unwrap();
        let server = MediaServer::start().unwrap();
        let url = server.url_for(&file);
        assert_eq!(url, server.url_for(&file), "one file, one token");
        let rest = url.strip_prefix("http://").unwrap();
        let (authority, path) = rest.split_at(rest.find('/').unwrap());
        let get = |range: Option<&str>| {
            use std::io::Write as _;
            let mut stream = std::net::TcpStream::connect(authority).unwrap();
            let range = range.map(|r| format!("Range: {r}\r\n")).unwrap_or_default();
            write!(stream, "GET {path} HTTP/1.1\r\nHost: {authority}\r\n{range}Connection: close\r\n\r\n").unwrap();
            let mut out = Vec::new();
            stream.read_to_end(&mut out).unwrap();
            let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
            (String::from_utf8_lossy(&out[..split]).into_owned(), out[split + 4..].to_vec())
        };
        let (head, body) = get(None);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("Content-Type: audio/wav"), "{head}");
        assert_eq!(body, bytes);
        let (head, body) = get(Some("bytes=9000-9009"));
        assert!(head.starts_with("HTTP/1.1 206"), "{head}");
        assert!(head.contains("Content-Range: bytes 9000-9009/10000"), "{head}");
        assert_eq!(body, &bytes[9000..9010]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
