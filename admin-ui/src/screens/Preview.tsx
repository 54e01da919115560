// A page, service or news article as the public will see it, read through the public delivery API with the signed-in person's token
// (`preview=true`): the working copy, rendered by the server exactly as it delivers it.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api } from "../api/client";
import type { TextCollection } from "./PageEditor";
import { Link } from "../components";
import { problemOf } from "../errors";

type Delivered = Schemas["DeliveredItem"];

/** The working copy through delivery: pages by id, services and news by their English address. */
async function delivered(council: string, collection: TextCollection, id: string): Promise<{ data?: Delivered; error?: unknown }> {
  const query = { preview: true };
  if (collection === "pages") return api.GET("/delivery/v1/councils/{council}/pages/{id}", { params: { path: { council, id }, query } });
  const item = await api.GET("/api/v1/councils/{council}/{collection}/{id}", { params: { path: { council, collection, id } } });
  const slug = (item.data?.content as { translations?: { en?: { slug?: string } } } | undefined)?.translations?.en?.slug;
  if (!slug) return { error: item.error };
  return collection === "services"
    ? api.GET("/delivery/v1/councils/{council}/services/{slug}", { params: { path: { council, slug }, query } })
    : api.GET("/delivery/v1/councils/{council}/news/{slug}", { params: { path: { council, slug }, query } });
}

export function Preview({ council, collection, id }: { council: string; collection: TextCollection; id: string }) {
  const [item, setItem] = useState<Delivered | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = "Preview – Townhall Admin";
    delivered(council, collection, id).then(({ data, error }) => (data ? setItem(data) : setError(problemOf(error).message)));
  }, [council, collection, id]);
  const summary = (item?.content as { summary?: string | null } | undefined)?.summary;
  return (
    <>
      <div class="govuk-notification-banner" role="region" aria-labelledby="preview-title">
        <div class="govuk-notification-banner__header">
          <h2 class="govuk-notification-banner__title" id="preview-title">
            Preview
          </h2>
        </div>
        <div class="govuk-notification-banner__content">
          <p class="govuk-body">
            This is the working copy as the public will see it once it is published.{" "}
            <Link href={`/c/${council}/${collection}/${id}`}>Back to editing</Link>
          </p>
        </div>
      </div>
      {error && <p class="govuk-error-message">{error}</p>}
      {item && (
        <article lang={item.locale}>
          <h1 class="govuk-heading-xl">{item.title}</h1>
          {summary && <p class="govuk-body-l">{summary}</p>}
          {/* The server escapes every text in body_html; the page's policy allows no script. */}
          <div class="govuk-body th-preview" dangerouslySetInnerHTML={{ __html: item.body_html ?? "" }} />
        </article>
      )}
    </>
  );
}
