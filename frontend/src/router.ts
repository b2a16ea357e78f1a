// Client-side navigation: links inside the app change the URL without a reload, and the new
// page's heading takes the focus so screen readers announce it.

type Render = (path: string, params: URLSearchParams) => Promise<void>;

let render: Render = async () => {};

export function start(renderer: Render): void {
  render = renderer;
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("a");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/auth/") || url.pathname === "/graphql") return;
    // Files the server answers itself (feeds, open data, catalogues) and downloads are not pages.
    if (link.hasAttribute("download") || isFile(url.pathname)) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => void show());
  void show();
}

/** Whether a path names a file (`/feed.atom`, `/datos/casos.csv`) rather than a page of the app. */
export function isFile(pathname: string): boolean {
  return /\.[a-z0-9]{2,7}$/i.test(pathname);
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  void show();
}

async function show(): Promise<void> {
  await render(location.pathname, new URLSearchParams(location.search));
  document.querySelector<HTMLElement>("main h1")?.focus();
}
