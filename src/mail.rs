//! Email: invitations, password resets and workflow notifications, sent through the SMTP server the settings name
//! (`TOWNHALL_SMTP_*`). Without one, outside production mode, each email is written to the log instead, links
//! included, so that a developer can follow them; in production mode an unsent email is logged without its body.
//! Sending happens after the answer: a slow or failing mail server never delays or changes what the API says (and
//! so never tells whether an address has an account).
use std::sync::Arc;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
    transport::smtp::authentication::Credentials,
};
use secrecy::ExposeSecret;

use crate::config::{Settings, SmtpSecurity};

/// One email to one person.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: String,
    pub subject: String,
    /// Plain text.
    pub body: String,
}

/// Sends `email` in the background (see the module's note).
pub fn send_later(settings: &Arc<Settings>, email: Email) {
    let settings = Arc::clone(settings);
    tokio::spawn(async move {
        if let Err(error) = send(&settings, &email).await {
            // The address is personal data: the log names the subject only.
            tracing::warn!(subject = %email.subject, error = %error, "an email could not be sent");
        }
    });
}

/// Sends `email` now.
pub async fn send(settings: &Settings, email: &Email) -> anyhow::Result<()> {
    let Some(host) = settings.smtp_host.as_deref() else {
        if settings.production {
            tracing::warn!(subject = %email.subject, "no SMTP server is configured (TOWNHALL_SMTP_HOST): email not sent");
        } else {
            tracing::info!(
                subject = %email.subject,
                body = %email.body,
                "email not sent (no TOWNHALL_SMTP_HOST); its text, for development"
            );
        }
        return Ok(());
    };
    let message = Message::builder()
        .from(settings.smtp_from.parse::<Mailbox>()?)
        .to(email.to.parse::<Mailbox>()?)
        .subject(email.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(email.body.clone())?;
    let mut transport = match settings.smtp_security {
        SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
        SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
    }
    .port(settings.smtp_port)
    .timeout(Some(std::time::Duration::from_secs(20)));
    if let (Some(user), Some(password)) = (&settings.smtp_username, &settings.smtp_password) {
        transport = transport.credentials(Credentials::new(
            user.clone(),
            password.expose_secret().to_owned(),
        ));
    }
    transport.build().send(message).await?;
    Ok(())
}
