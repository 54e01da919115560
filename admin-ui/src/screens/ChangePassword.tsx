// Changing one's password: every session ends, this one too, so the person signs in again.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { ErrorSummary, Field } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";

export function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    document.title = "Change your password – Townhall Admin";
  }, []);
  const save = async (event: Event) => {
    event.preventDefault();
    const { error } = await api.POST("/api/v1/auth/password", { body: { current_password: current, new_password: next } });
    if (error) return setProblem(problemOf(error));
    onChanged();
  };
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary problem={problem} />
        <h1 class="govuk-heading-l">Change your password</h1>
        <p class="govuk-body">Every session ends when the password changes: sign in again afterwards, here and elsewhere.</p>
        <form onSubmit={save} noValidate>
          <Field path="current_password" label="Current password" type="password" autocomplete="current-password" value={current} onInput={setCurrent} error={messageFor(problem, "current_password")} />
          <Field path="new_password" label="New password" hint="At least 12 characters" type="password" autocomplete="new-password" value={next} onInput={setNext} error={messageFor(problem, "new_password")} />
          <button type="submit" class="govuk-button">
            Change password
          </button>
        </form>
      </div>
    </div>
  );
}
