//! A loopback HTTP server for recordings, so the web view's `<audio>` element can play them
//! with seeking. WebKitGTK cannot play media from a custom URI scheme (WebKit bug 146351),
//! and an `http://127.0.0.1` URL plays the same way in WebKitGTK, WKWebView and WebView2.
//!
//! Only what the shell has offered (a recording it resolved for the window) is served, under
//! a per-launch random secret in the path; the listener is bound to 127.0.0.1 only, and a
//! request whose `Host` is not that address is refused (a web page cannot reach it through
//! DNS rebinding). Files are streamed from the disk a range at a time, never read whole.
//! One request per connection, each on its own thread: a player seeks by closing the
//! connection and asking for another range.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::range::{RangeRequest, parse_range};

/// A file the server may send.
#[derive(Debug, Clone)]
struct Offered {
    path: PathBuf,
    mime: &'static str,
}

/// The running server: its address and what it offers. Dropping it does not stop the
/// listening thread, which lives as long as the process (the shell starts one per launch).
#[derive(Debug, Clone)]
pub struct MediaServer {
    addr: SocketAddr,
    secret: String,
    offered: Arc<Mutex<HashMap<String, Offered>>>,
}

/// The largest request head read (the request line and headers).
const MAX_HEAD: usize = 8 * 1024;

impl MediaServer {
    /// Binds 127.0.0.1 on a port the system picks and starts serving on a thread.
    pub fn start() -> std::io::Result<MediaServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        // 244 random bits from the system's generator (uuid v4 uses getrandom).
        let secret = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let server = MediaServer {
            addr,
            secret,
            offered: Arc::new(Mutex::new(HashMap::new())),
        };
        let serving = server.clone();
        std::thread::Builder::new()
            .name("media-server".into())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    let s = serving.clone();
                    // A failed connection (the player went away) concerns only itself.
                    let _ = std::thread::Builder::new()
                        .name("media-request".into())
                        .spawn(move || {
                            let _ = s.answer(stream);
                        });
                }
            })?;
        Ok(server)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Offers the file at `path` under `key` (letters, digits, `-`) and returns its URL.
    pub fn offer(&self, key: &str, path: PathBuf, mime: &'static str) -> String {
        let key: String = key
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if let Ok(mut offered) = self.offered.lock() {
            offered.insert(key.clone(), Offered { path, mime });
        }
        format!("http://{}/{}/{key}", self.addr, self.secret)
    }

    fn answer(&self, mut stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let head = read_head(&mut stream)?;
        let Some(req) = parse_request(&head) else {
            return status(&mut stream, 400, "Bad Request");
        };
        let host_ok = req.host.as_deref() == Some(&self.addr.to_string())
            || req.host.as_deref() == Some(&format!("localhost:{}", self.addr.port()));
        let offered = req
            .path
            .strip_prefix('/')
            .and_then(|p| p.split_once('/'))
            .filter(|(secret, _)| same(secret.as_bytes(), self.secret.as_bytes()))
            .and_then(|(_, key)| self.offered.lock().ok()?.get(key).cloned());
        let Some(offered) = offered.filter(|_| host_ok) else {
            return status(&mut stream, 404, "Not Found");
        };
        if req.method != "GET" && req.method != "HEAD" {
            return status(&mut stream, 405, "Method Not Allowed");
        }
        let Ok(mut file) = File::open(&offered.path) else {
            return status(&mut stream, 404, "Not Found");
        };
        let len = file.metadata()?.len();
        let (code, reason, start, count, range_header) = match parse_range(
            req.range.as_deref(),
            len,
        ) {
            RangeRequest::Full => (200, "OK", 0, len, String::new()),
            RangeRequest::Partial(r) => (
                206,
                "Partial Content",
                r.start,
                r.len(),
                format!("Content-Range: bytes {}-{}/{len}\r\n", r.start, r.end),
            ),
            RangeRequest::Unsatisfiable => {
                let head = format!(
                    "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{len}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                return stream.write_all(head.as_bytes());
            }
        };
        let head = format!(
            "HTTP/1.1 {code} {reason}\r\nContent-Type: {}\r\nContent-Length: {count}\r\nAccept-Ranges: bytes\r\n{range_header}Cache-Control: no-store\r\nConnection: close\r\n\r\n",
            offered.mime
        );
        let mut out = BufWriter::with_capacity(64 * 1024, stream);
        out.write_all(head.as_bytes())?;
        if req.method == "GET" {
            file.seek(SeekFrom::Start(start))?;
            std::io::copy(&mut file.take(count), &mut out)?;
        }
        out.flush()
    }
}

/// Compares without stopping at the first difference, so timing does not tell how much of
/// a guessed secret was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        if head.len() > MAX_HEAD {
            break;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

fn status(stream: &mut TcpStream, code: u16, reason: &str) -> std::io::Result<()> {
    let head =
        format!("HTTP/1.1 {code} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes())
}

/// The parts of a request the server looks at.
#[derive(Debug, PartialEq, Eq)]
struct RequestHead {
    method: String,
    path: String,
    host: Option<String>,
    range: Option<String>,
}

fn parse_request(head: &str) -> Option<RequestHead> {
    let end = head.find("\r\n\r\n")?;
    let mut lines = head[..end].split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    if !first.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let mut host = None;
    let mut range = None;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if name.eq_ignore_ascii_case("host") {
            host = Some(value.trim().to_owned());
        } else if name.eq_ignore_ascii_case("range") {
            range = Some(value.trim().to_owned());
        }
    }
    Some(RequestHead {
        method,
        path,
        host,
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_heads() {
        let r = parse_request(
            "GET /s/k HTTP/1.1\r\nHost: 127.0.0.1:5\r\nrange: bytes=1-2\r\nX: y\r\n\r\n",
        )
        .expect("parsed");
        assert_eq!(
            r,
            RequestHead {
                method: "GET".into(),
                path: "/s/k".into(),
                host: Some("127.0.0.1:5".into()),
                range: Some("bytes=1-2".into()),
            }
        );
        assert_eq!(
            parse_request("GET /s/k HTTP/1.1\r\n"),
            None,
            "no end of head"
        );
        assert_eq!(parse_request("GET /s/k\r\n\r\n"), None, "no version");
        assert_eq!(parse_request("GET /s/k SMTP\r\n\r\n"), None);
        assert_eq!(parse_request("GET /s/k HTTP/1.1\r\nbroken\r\n\r\n"), None);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
