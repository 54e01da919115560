// A council's settings (admins): its details, API tokens (each shown once, with a copy button) and webhooks with
// their delivery log and replay.
import { useEffect, useState } from "preact/hooks";
import { type Schemas, api, ifMatch } from "../api/client";
import { Banner, Done, ErrorSummary, Field, Link } from "../components";
import { type Problem, messageFor, problemOf } from "../errors";

export function Settings({ council }: { council: string }) {
  useEffect(() => {
    document.title = "Settings – Townhall Admin";
  }, []);
  return (
    <>
      <span class="govuk-caption-l">
        <Link href={`/c/${council}`}>Dashboard</Link>
      </span>
      <h1 class="govuk-heading-l">Settings</h1>
      <CouncilDetails council={council} />
      <ApiTokens council={council} />
      <Webhooks council={council} />
    </>
  );
}

function CouncilDetails({ council }: { council: string }) {
  const [current, setCurrent] = useState<Schemas["CouncilResponse"] | null>(null);
  const [name, setName] = useState("");
  const [website, setWebsite] = useState("");
  const [origins, setOrigins] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const show = (c: Schemas["CouncilResponse"]) => {
    setCurrent(c);
    setName(c.name);
    setWebsite(c.website_url ?? "");
    setOrigins(c.allowed_origins.join("\n"));
  };
  useEffect(() => {
    api.GET("/api/v1/councils/{council}", { params: { path: { council } } }).then(({ data }) => data && show(data));
  }, [council]);
  const save = async (event: Event) => {
    event.preventDefault();
    if (!current) return;
    const { data, error, response } = await api.PATCH("/api/v1/councils/{council}", {
      params: { path: { council }, header: { "If-Match": ifMatch(current.version) } },
      body: {
        name,
        website_url: website.trim(),
        allowed_origins: origins.split(/\s+/).filter(Boolean),
      },
    });
    if (response.status === 412) return setProblem({ message: "Someone else changed the settings first: reload the page to see them.", fields: [] });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    show(data);
    setNotice("The council's details were saved.");
  };
  if (!current) {
    return (
      <>
        <h2 class="govuk-heading-m">Council details</h2>
        <p class="govuk-body">Loading…</p>
      </>
    );
  }
  return (
    <form onSubmit={save} noValidate class="govuk-!-margin-bottom-8">
      <h2 class="govuk-heading-m">Council details</h2>
      <Done message={notice} />
      <ErrorSummary problem={problem} />
      <Field path="name" label="Council name" value={name} onInput={setName} error={messageFor(problem, "name")} />
      <Field path="website_url" label="Website address" hint="For example https://www.york.gov.uk; content paths are relative to it" value={website} onInput={setWebsite} error={messageFor(problem, "website_url")} />
      <Field
        path="allowed_origins"
        label="Web origins allowed to send tokens from a browser"
        hint="One per line, for example https://www.york.gov.uk or http://localhost:3000 (preview from a front-end)"
        multiline
        value={origins}
        onInput={setOrigins}
        error={messageFor(problem, "allowed_origins")}
      />
      <button type="submit" class="govuk-button">
        Save details
      </button>
    </form>
  );
}

function ApiTokens({ council }: { council: string }) {
  const [tokens, setTokens] = useState<Schemas["ApiTokenResponse"][]>([]);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Schemas["Scope"][]>(["read"]);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = () => api.GET("/api/v1/councils/{council}/api-tokens", { params: { path: { council } } }).then(({ data }) => setTokens(data?.items ?? []));
  useEffect(() => {
    load();
  }, [council]);
  const create = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/api-tokens", { params: { path: { council } }, body: { name, scopes } });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setCreated(data.token);
    setCopied(false);
    setName("");
    load();
  };
  const revoke = async (id: string) => {
    await api.DELETE("/api/v1/councils/{council}/api-tokens/{id}", { params: { path: { council, id } } });
    load();
  };
  const toggle = (scope: Schemas["Scope"], on: boolean) => setScopes(on ? [...scopes, scope] : scopes.filter((s) => s !== scope));
  return (
    <section class="govuk-!-margin-bottom-8" aria-labelledby="tokens-heading">
      <h2 class="govuk-heading-m" id="tokens-heading">
        API tokens
      </h2>
      {created && (
        <Banner title="Your new token">
          <p class="govuk-body">Copy it now: it is shown only once.</p>
          <p class="govuk-body">
            <code id="new-token">{created}</code>
          </p>
          <button
            type="button"
            class="govuk-button govuk-button--secondary"
            onClick={async () => {
              await navigator.clipboard?.writeText(created).catch(() => undefined);
              setCopied(true);
            }}
          >
            Copy token
          </button>
          {copied && <p class="govuk-body" role="status">Copied.</p>}
        </Banner>
      )}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-visually-hidden">API tokens</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Name</th>
            <th scope="col" class="govuk-table__header">Starts with</th>
            <th scope="col" class="govuk-table__header">Scopes</th>
            <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {tokens.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={4}>None</td>
            </tr>
          )}
          {tokens.map((t) => (
            <tr class="govuk-table__row" key={t.id}>
              <td class="govuk-table__cell">{t.name}</td>
              <td class="govuk-table__cell"><code>{t.prefix}</code></td>
              <td class="govuk-table__cell">{t.scopes.join(", ")}</td>
              <td class="govuk-table__cell">
                {t.revoked_at ? (
                  "Revoked"
                ) : (
                  <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" onClick={() => revoke(t.id)}>
                    Revoke<span class="govuk-visually-hidden"> {t.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={create} noValidate>
        <ErrorSummary problem={problem} />
        <Field path="token-name" label="Token name" hint="What it is for, for example Website front-end preview" value={name} onInput={setName} error={messageFor(problem, "name")} />
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What the token may do</legend>
          <div class="govuk-checkboxes govuk-checkboxes--small">
            {(
              [
                ["read", "Read, including restricted files"],
                ["preview", "Preview drafts"],
                ["write", "Write content and records"],
              ] as [Schemas["Scope"], string][]
            ).map(([scope, label]) => (
              <div class="govuk-checkboxes__item" key={scope}>
                <input class="govuk-checkboxes__input" id={`scope-${scope}`} type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, (e.currentTarget as HTMLInputElement).checked)} />
                <label class="govuk-label govuk-checkboxes__label" for={`scope-${scope}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="govuk-button govuk-!-margin-top-4">
          Create token
        </button>
      </form>
    </section>
  );
}

function Webhooks({ council }: { council: string }) {
  const [hooks, setHooks] = useState<Schemas["WebhookResponse"][]>([]);
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [log, setLog] = useState<{ hook: string; deliveries: Schemas["DeliveryResponse"][] } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = () => api.GET("/api/v1/councils/{council}/webhooks", { params: { path: { council } } }).then(({ data }) => setHooks(data ?? []));
  useEffect(() => {
    load();
  }, [council]);
  const create = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.POST("/api/v1/councils/{council}/webhooks", {
      params: { path: { council } },
      body: { url: url.trim(), events: ["published", "unpublished", "deleted"] },
    });
    if (error || !data) return setProblem(problemOf(error));
    setProblem(null);
    setSecret(data.secret ?? null);
    setUrl("");
    load();
  };
  const showLog = async (hook: string) => {
    const { data } = await api.GET("/api/v1/councils/{council}/webhooks/{id}/deliveries", { params: { path: { council, id: hook } } });
    setLog({ hook, deliveries: data ?? [] });
  };
  const replay = async (hook: string, delivery: string) => {
    await api.POST("/api/v1/councils/{council}/webhooks/{id}/deliveries/{delivery}/replay", { params: { path: { council, id: hook, delivery } } });
    await showLog(hook);
  };
  return (
    <section aria-labelledby="webhooks-heading">
      <h2 class="govuk-heading-m" id="webhooks-heading">
        Webhooks
      </h2>
      {secret && (
        <Banner title="The new webhook's signing secret">
          <p class="govuk-body">Copy it now: it is shown only once. Check each delivery's signature with it.</p>
          <p class="govuk-body"><code>{secret}</code></p>
        </Banner>
      )}
      <ul class="govuk-list">
        {hooks.map((h) => (
          <li key={h.id}>
            {h.url} ({h.events.join(", ")}){" "}
            <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => showLog(h.id)}>
              Delivery log<span class="govuk-visually-hidden"> of {h.url}</span>
            </button>
          </li>
        ))}
      </ul>
      {log && (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--s">Deliveries</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Event</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Attempts</th>
              <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {log.deliveries.map((d) => (
              <tr class="govuk-table__row" key={d.id}>
                <td class="govuk-table__cell">{d.event}</td>
                <td class="govuk-table__cell">{d.status}{d.last_error ? `: ${d.last_error}` : ""}</td>
                <td class="govuk-table__cell">{d.attempts}</td>
                <td class="govuk-table__cell">
                  <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => replay(log.hook, d.id)}>
                    Send again
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={create} noValidate>
        <ErrorSummary problem={problem} />
        <Field path="url" label="Address to notify" hint="An https:// address that receives a signed POST when content is published, unpublished or deleted" value={url} onInput={setUrl} error={messageFor(problem, "url")} />
        <button type="submit" class="govuk-button">
          Add webhook
        </button>
      </form>
    </section>
  );
}
