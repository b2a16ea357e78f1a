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
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener("popstate", () => void show());
  void show();
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  void show();
}

async function show(): Promise<void> {
  await render(location.pathname, new URLSearchParams(location.search));
  document.querySelector<HTMLElement>("main h1")?.focus();
}
