// Routing inside /admin/ with the History API: every screen has its own address, so reload and back work.
import { useEffect, useState } from "preact/hooks";

export const BASE = "/admin";

/** Goes to an address of the app without reloading. */
export function navigate(path: string) {
  history.pushState(null, "", `${BASE}${path}`);
  dispatchEvent(new PopStateEvent("popstate"));
}

/** The current path inside the app (`/c/york/pages`), and re-renders when it changes. */
export function usePath(): string {
  const read = () => location.pathname.replace(/^\/admin/, "") || "/";
  const [path, setPath] = useState(read);
  useEffect(() => {
    const changed = () => setPath(read());
    addEventListener("popstate", changed);
    return () => removeEventListener("popstate", changed);
  }, []);
  return path;
}

/** A link inside the app: an ordinary link that the app follows itself. */
export function follow(event: MouseEvent) {
  const link = (event.currentTarget as HTMLAnchorElement | null)?.getAttribute("href");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.replace(/^\/admin/, ""));
}

let flash: string | null = null;

/** Goes to an address and shows `message` there once (what was just done, on the screen it led to). */
export function navigateWith(path: string, message: string) {
  flash = message;
  navigate(path);
}

/** The message left for this screen, once. */
export function takeFlash(): string | null {
  const message = flash;
  flash = null;
  return message;
}
