// Townhall Admin: the app's frame (header, sign-in state) and its screens by address.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type Collection, api } from "./api/client";
import { type Me, onSessionEnded, renew, signOut } from "./api/session";
import { Link } from "./components";
import { navigate, usePath } from "./router";
import { ContentList, KINDS } from "./screens/ContentList";
import { Dashboard } from "./screens/Dashboard";
import { AcceptInvitation, ForgottenPassword, ResetPassword } from "./screens/Account";
import { AlertEditor } from "./screens/AlertEditor";
import { DirectoryEditor } from "./screens/DirectoryEditor";
import { DirectoryEntryEditor } from "./screens/DirectoryEntryEditor";
import { EventEditor } from "./screens/EventEditor";
import { GuideEditor } from "./screens/GuideEditor";
import { PublicationEditor } from "./screens/PublicationEditor";
import { StepByStepEditor } from "./screens/StepByStepEditor";
import { History } from "./screens/History";
import { TopicEditor } from "./screens/TopicEditor";
import { MenuEditor } from "./screens/MenuEditor";
import { Home } from "./screens/Home";
import { MediaLibrary } from "./screens/MediaLibrary";
import { Members } from "./screens/Members";
import { PageEditor, type TextCollection } from "./screens/PageEditor";
import { Preview } from "./screens/Preview";
import { Settings } from "./screens/Settings";
import { SignIn } from "./screens/SignIn";
import { Search } from "./screens/Search";
import { Redirects } from "./screens/Redirects";
import { ChangePassword } from "./screens/ChangePassword";
import { Desk } from "./screens/desk/Desk";
import { CommitteeScreen, Committees } from "./screens/desk/Committees";
import { Meetings } from "./screens/desk/Meetings";
import { MeetingScreen } from "./screens/desk/Meeting";
import { Decisions } from "./screens/desk/Decisions";
import { Import } from "./screens/desk/Import";
import { ForwardPlan } from "./screens/desk/ForwardPlan";
import { CouncillorScreen, Councillors } from "./screens/desk/People";
import { RecordHistory } from "./screens/desk/RecordHistory";

document.body.classList.add("js-enabled", "govuk-frontend-supported");

const isText = (collection: string | undefined): collection is TextCollection =>
  collection === "pages" || collection === "services" || collection === "news";
const isKind = (collection: string | undefined): collection is Collection => KINDS.some((k) => k.collection === collection);

function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  const [ended, setEnded] = useState(false);
  useEffect(() => onSessionEnded(setEnded), []);

  const loadMe = async () => {
    const { data } = await api.GET("/api/v1/auth/me");
    setMe(data ?? null);
    setChecked(true);
  };
  useEffect(() => {
    // A reload keeps the session: the cookie gives a new access token.
    renew().then((ok) => (ok ? loadMe() : setChecked(true)));
  }, []);

  const leave = async () => {
    await signOut();
    setMe(null);
    navigate("/");
  };

  const parts = path.split("/").filter(Boolean);
  const [area, council, collection, id] = parts;
  let screen;
  if (area === "invitations" && council) {
    // A link from an invitation email works signed in or not.
    screen = (
      <AcceptInvitation
        token={council}
        onSignedIn={async (slug) => {
          await loadMe();
          navigate(`/c/${slug}`);
        }}
      />
    );
  } else if (area === "reset-password" && council) {
    screen = <ResetPassword token={council} />;
  } else if (area === "forgot-password") {
    screen = <ForgottenPassword />;
  } else if (!checked) {
    screen = <p class="govuk-body">Loading…</p>;
  } else if (!me) {
    screen = <SignIn onSignedIn={loadMe} />;
  } else {
    const role = me.memberships.find((m) => m.council === council)?.role ?? (me.platform_admin ? "admin" : "viewer");
    if (area === "password") {
      screen = (
        <ChangePassword
          onChanged={async () => {
            await signOut().catch(() => undefined);
            setMe(null);
            navigate("/");
          }}
        />
      );
    } else if (area === "c" && council && collection === "desk") {
      screen = <Desk council={council} role={role} key={council} />;
    } else if (area === "c" && council && collection === "committees" && id) {
      screen = <CommitteeScreen council={council} id={id} key={`${council}/${id}`} />;
    } else if (area === "c" && council && collection === "committees") {
      screen = <Committees council={council} key={council} />;
    } else if (area === "c" && council && collection === "meetings" && id) {
      screen = <MeetingScreen council={council} id={id} role={role} key={`${council}/${id}`} />;
    } else if (area === "c" && council && collection === "meetings") {
      screen = <Meetings council={council} key={`${council}${location.search}`} />;
    } else if (area === "c" && council && collection === "decisions") {
      screen = <Decisions council={council} key={council} />;
    } else if (area === "c" && council && collection === "councillors" && id) {
      screen = <CouncillorScreen council={council} id={id} key={`${council}/${id}`} />;
    } else if (area === "c" && council && collection === "councillors") {
      screen = <Councillors council={council} key={council} />;
    } else if (area === "c" && council && collection === "forward-plan") {
      screen = <ForwardPlan council={council} key={council} />;
    } else if (area === "c" && council && collection === "import") {
      screen = <Import council={council} key={council} />;
    } else if (area === "c" && council && collection === "records" && id) {
      screen = <RecordHistory council={council} id={id} key={`${council}/${id}`} />;
    } else if (area === "c" && council && collection === "redirects") {
      screen = <Redirects council={council} key={council} />;
    } else if (area === "c" && council && collection === "search") {
      screen = <Search council={council} key={council} />;
    } else if (area === "c" && council && collection === "settings") {
      screen = <Settings council={council} key={council} />;
    } else if (area === "c" && council && collection === "media") {
      screen = <MediaLibrary council={council} role={role} key={council} />;
    } else if (area === "c" && council && collection === "members") {
      screen = <Members council={council} key={council} />;
    } else if (area === "c" && council && !collection) {
      screen = <Dashboard me={me} council={council} />;
    } else if (area === "c" && council && isText(collection) && id && parts[4] === "preview") {
      screen = <Preview council={council} collection={collection} id={id} key={`${council}/${id}`} />;
    } else if (area === "c" && council && isKind(collection) && id && parts[4] === "history") {
      screen = <History council={council} collection={collection} id={id} key={`${council}/${id}`} />;
    } else if (area === "c" && council && collection === "menus" && id) {
      screen = <MenuEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "topics" && id) {
      screen = <TopicEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "directories" && id) {
      screen = <DirectoryEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "directory-entries" && id) {
      screen = <DirectoryEntryEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "events" && id) {
      screen = <EventEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "guides" && id) {
      screen = <GuideEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "step-by-steps" && id) {
      screen = <StepByStepEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "publications" && id) {
      screen = <PublicationEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && collection === "alerts" && id) {
      screen = <AlertEditor council={council} id={id === "new" ? null : id} role={role} key={council} />;
    } else if (area === "c" && council && isText(collection) && id) {
      screen = <PageEditor council={council} collection={collection} id={id === "new" ? null : id} role={role} me={me} key={`${council}/${collection}`} />;
    } else if (area === "c" && council && collection && KINDS.some((k) => k.collection === collection)) {
      screen = <ContentList council={council} collection={collection} role={role} key={`${council}/${collection}`} />;
    } else {
      screen = <Home me={me} />;
    }
  }

  return (
    <>
      <a href="#main-content" class="govuk-skip-link">
        Skip to main content
      </a>
      <header class="th-header">
        <div class="govuk-width-container th-header__bar" />
      </header>
      <section class="govuk-service-navigation" aria-label="Service information">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <Link href="/" class="govuk-service-navigation__link">
                Townhall Admin
              </Link>
            </span>
            {me && (
              <nav aria-label="Account" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list">
                  <li class="govuk-service-navigation__item">
                    <Link href="/" class="govuk-service-navigation__link">
                      Your councils
                    </Link>
                  </li>
                  <li class="govuk-service-navigation__item">
                    <span class="govuk-service-navigation__text">Signed in as {me.display_name}</span>
                  </li>
                  <li class="govuk-service-navigation__item">
                    <Link href="/password" class="govuk-service-navigation__link">
                      Change password
                    </Link>
                  </li>
                  <li class="govuk-service-navigation__item">
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={leave}>
                      Sign out
                    </button>
                  </li>
                </ul>
              </nav>
            )}
          </div>
        </div>
      </section>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
          {ended && me && (
            <div class="govuk-notification-banner" role="alert" aria-labelledby="session-ended-title">
              <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id="session-ended-title">
                  Important
                </h2>
              </div>
              <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">Your session has ended, so this was not saved.</p>
                <p class="govuk-body">
                  Your changes on this screen are kept. Sign in again in a new tab (
                  <a class="govuk-notification-banner__link" href="/admin/" target="_blank" rel="noopener">
                    open Townhall Admin in a new tab
                  </a>
                  ), then come back here and save.
                </p>
              </div>
            </div>
          )}
          {screen}
        </main>
      </div>
      <footer class="govuk-footer">
        <div class="govuk-width-container">
          <p class="govuk-footer__meta-custom">Townhall: the platform behind your council's website.</p>
        </div>
      </footer>
    </>
  );
}

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
