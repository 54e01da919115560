//! Email: a small SMTP server that keeps what Townhall sends, a server that sends to it, and the links in a message.

use std::sync::Arc;

use super::{TestApp, spawn_app_with};

/// A small SMTP server for tests: it speaks enough of the protocol for a real client (EHLO, MAIL, RCPT, DATA,
/// QUIT) and keeps each message it receives, so tests read the emails Townhall really sent.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    /// A sink on any free port.
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// A sink on a given port (0: any free one).
    pub async fn start_on(port: u16) -> Self {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(body) = data.as_mut() {
                            if line == "." {
                                kept.lock().expect("lock").push(std::mem::take(body));
                                data = None;
                                let _ = write.write_all(b"250 kept\r\n").await;
                            } else {
                                body.push_str(line.strip_prefix('.').unwrap_or(&line));
                                body.push('\n');
                            }
                            continue;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go on\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        let _ = write.write_all(reply).await;
                    }
                });
            }
        });
        Self { port, messages }
    }

    /// The messages received so far, as text (headers and body, quoted-printable soft breaks joined).
    pub fn messages(&self) -> Vec<String> {
        self.messages
            .lock()
            .expect("lock")
            .iter()
            .map(|m| m.replace("=\n", "").replace("=3D", "="))
            .collect()
    }

    /// Waits (up to five seconds) until `count` messages have arrived, and gives them.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        super::eventually(&format!("{count} emails"), || async {
            let got = self.messages();
            (got.len() >= count).then_some(got)
        })
        .await
    }
}

/// Starts the server with its email going to a new SMTP sink.
pub async fn spawn_app_with_mail() -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let port = sink.port;
    let app = spawn_app_with(|s| {
        s.smtp_host = Some("127.0.0.1".into());
        s.smtp_port = port;
        s.smtp_security = townhall::config::SmtpSecurity::None;
        s.smtp_from = "Townhall <townhall@example.gov.uk>".into();
    })
    .await;
    (app, sink)
}

/// The token at the end of the first link to `path` (`/admin/invitations/`) in an email.
pub fn token_in(email: &str, path: &str) -> String {
    let start = email
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in {email}"))
        + path.len();
    email[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}
