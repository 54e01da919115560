// Deleting an item (softly: it leaves the public site at once and can be restored from the list's deleted items),
// after a confirmation that says so. Admins only, as the API requires.
import { useState } from "preact/hooks";
import { type Collection, type Item, api, ifMatch } from "../api/client";
import { problemOf } from "../errors";
import { navigateWith } from "../router";

export function DeleteItem({ council, collection, item, noun, onProblem }: { council: string; collection: Collection; item: Item; noun: string; onProblem: (message: string) => void }) {
  const [asking, setAsking] = useState(false);
  const remove = async () => {
    const { error } = await api.DELETE("/api/v1/councils/{council}/{collection}/{id}", {
      params: { path: { council, collection, id: item.id }, header: { "If-Match": ifMatch(item.version) } },
    });
    setAsking(false);
    if (error) return onProblem(problemOf(error).message);
    navigateWith(`/${["c", council, collection].join("/")}`, `“${item.title}” was deleted. It can be restored from the deleted items.`);
  };
  if (!asking)
    return (
      <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-top-6" onClick={() => setAsking(true)}>
        Delete this {noun}
      </button>
    );
  return (
    <div class="govuk-warning-text govuk-!-margin-top-6" role="region" aria-labelledby="delete-question">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <div class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        <p class="govuk-body govuk-!-font-weight-bold" id="delete-question">
          Delete “{item.title}”? It leaves the public site at once; its history is kept and it can be restored.
        </p>
        <div class="govuk-button-group">
          <button type="button" class="govuk-button govuk-button--warning" onClick={remove}>
            Yes, delete it
          </button>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => setAsking(false)}>
            No, keep it
          </button>
        </div>
      </div>
    </div>
  );
}
