// The screens reached by an emailed link or before signing in: accepting an invitation, asking for a password
// reset, and setting a new password.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../api/client";
import { signIn } from "../api/session";
import { Banner, ErrorSummary, Field, Link } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";

export function AcceptInvitation({ token, onSignedIn }: { token: string; onSignedIn: (council: string) => void }) {
  const [invitation, setInvitation] = useState<Schemas["InvitationView"] | null>(null);
  const [missing, setMissing] = useState(false);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    document.title = "Accept your invitation – Townhall Admin";
    api.GET("/api/v1/invitations/{token}", { params: { path: { token } } }).then(({ data }) => (data ? setInvitation(data) : setMissing(true)));
  }, [token]);

  if (missing) {
    return (
      <>
        <h1 class="govuk-heading-l">This invitation cannot be used</h1>
        <p class="govuk-body">It may have been used already, withdrawn, or it is more than 7 days old. Ask the council's administrator to invite you again.</p>
      </>
    );
  }
  if (!invitation) return <p class="govuk-body">Loading…</p>;

  const accept = async (event: Event) => {
    event.preventDefault();
    const { error } = await api.POST("/api/v1/invitations/{token}/accept", {
      params: { path: { token } },
      body: { password, display_name: invitation.has_account ? null : name },
    });
    if (error) return setProblem(problemOf(error));
    const refused = await signIn(invitation.email, password);
    if (refused) return setProblem(problemOf(refused));
    onSignedIn(invitation.council);
  };
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary problem={problem} />
        <h1 class="govuk-heading-l">Join {invitation.council_name}</h1>
        <p class="govuk-body">
          You have been invited to work on {invitation.council_name} in Townhall as {invitation.role.replace("_", " ")}, with the email address{" "}
          <strong>{invitation.email}</strong>.
        </p>
        <form onSubmit={accept} noValidate>
          {!invitation.has_account && <Field path="display_name" label="Your name" autocomplete="name" value={name} onInput={setName} error={messageFor(problem, "display_name")} />}
          <Field
            path="password"
            label={invitation.has_account ? "Your password" : "Create a password"}
            hint={invitation.has_account ? "You already have a Townhall account with this address" : "At least 12 characters"}
            type="password"
            autocomplete={invitation.has_account ? "current-password" : "new-password"}
            value={password}
            onInput={setPassword}
            error={messageFor(problem, "password")}
          />
          <button type="submit" class="govuk-button">
            Accept invitation
          </button>
        </form>
      </div>
    </div>
  );
}

export function ForgottenPassword() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    document.title = "Reset your password – Townhall Admin";
  }, []);
  const send = async (event: Event) => {
    event.preventDefault();
    const { error } = await api.POST("/api/v1/auth/password-reset", { body: { email: email.trim() } });
    if (error) return setProblem(problemOf(error));
    setSent(true);
  };
  if (sent) {
    return (
      <>
        <h1 class="govuk-heading-l">Check your email</h1>
        <p class="govuk-body">If {email.trim()} has a Townhall account, we have sent it a link to reset the password. The link works for one hour.</p>
        <Link href="/">Back to sign in</Link>
      </>
    );
  }
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary problem={problem} />
        <h1 class="govuk-heading-l">Reset your password</h1>
        <form onSubmit={send} noValidate>
          <Field path="email" label="Email address" type="email" autocomplete="email" value={email} onInput={setEmail} error={messageFor(problem, "email")} />
          <button type="submit" class="govuk-button">
            Send reset link
          </button>
        </form>
      </div>
    </div>
  );
}

export function ResetPassword({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    document.title = "Choose a new password – Townhall Admin";
  }, []);
  const save = async (event: Event) => {
    event.preventDefault();
    const { error } = await api.POST("/api/v1/auth/password-reset/{token}", { params: { path: { token } }, body: { password } });
    if (error) return setProblem(problemOf(error));
    setDone(true);
  };
  if (done) {
    return (
      <Banner title="Success" success>
        <p class="govuk-notification-banner__heading">Your password was changed. Every other session has ended.</p>
        <p class="govuk-body">
          <Link href="/">Sign in with your new password</Link>
        </p>
      </Banner>
    );
  }
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary problem={problem} />
        <h1 class="govuk-heading-l">Choose a new password</h1>
        <form onSubmit={save} noValidate>
          <Field path="password" label="New password" hint="At least 12 characters" type="password" autocomplete="new-password" value={password} onInput={setPassword} error={messageFor(problem, "password")} />
          <button type="submit" class="govuk-button">
            Set password
          </button>
        </form>
      </div>
    </div>
  );
}
