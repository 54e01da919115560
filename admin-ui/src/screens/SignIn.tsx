import { useState } from "preact/hooks";
import { signIn } from "../api/session";
import { ErrorSummary, Field, Link } from "../components";
import { type Problem, problemOf } from "../errors";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const fields = [];
    if (!email.trim()) fields.push({ field: "email", message: "Enter your email address" });
    if (!password) fields.push({ field: "password", message: "Enter your password" });
    if (fields.length) return setProblem({ message: "", fields });
    setBusy(true);
    const refused = await signIn(email.trim(), password);
    setBusy(false);
    if (refused) {
      const p = problemOf(refused);
      return setProblem({ message: p.message, fields: p.fields.length ? p.fields : [{ field: "email", message: p.message }] });
    }
    document.title = "Townhall Admin";
    onSignedIn();
  };

  document.title = "Sign in – Townhall Admin";
  const error = (field: string) => problem?.fields.find((f) => f.field === field)?.message;
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary problem={problem} />
        <h1 class="govuk-heading-l">Sign in to Townhall Admin</h1>
        <form onSubmit={submit} noValidate>
          <Field path="email" label="Email address" type="email" autocomplete="email" value={email} onInput={setEmail} error={error("email")} />
          <Field path="password" label="Password" type="password" autocomplete="current-password" value={password} onInput={setPassword} error={error("password")} />
          <button type="submit" class="govuk-button" disabled={busy}>
            Sign in
          </button>
        </form>
        <p class="govuk-body">
          <Link href="/forgot-password">Forgotten your password?</Link>
        </p>
      </div>
    </div>
  );
}
