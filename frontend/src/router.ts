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
    // A link to a place in this very page (an error summary's link to its field, "#valorar"): the
    // browser scrolls there; a form field it names takes the focus. The page is not drawn again.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) {
      focusFragment(decodeURIComponent(url.hash.slice(1)));
      return;
    }
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  // Back and forward redraw the page, unless only the fragment changed.
  window.addEventListener("popstate", () => {
    if (location.pathname + location.search !== shown) void show();
  });
  void show();
}

/** After the browser followed a same-page link: the field it names (or a fieldset's first) takes the focus. */
function focusFragment(id: string): void {
  window.setTimeout(() => {
    const target = document.getElementById(id);
    const field = target?.matches("fieldset") ? target.querySelector<HTMLElement>("input, select, textarea") : target;
    if (field?.matches("input, select, textarea")) field.focus();
  }, 0);
}

/** Whether a path names a file (`/feed.atom`, `/datos/casos.csv`) rather than a page of the app. */
export function isFile(pathname: string): boolean {
  return /\.[a-z0-9]{2,7}$/i.test(pathname);
}

export function navigate(path: string): void {
  history.pushState(null, "", path);
  void show();
}

/** The page drawn last (path and query). */
let shown = "";

async function show(): Promise<void> {
  shown = location.pathname + location.search;
  await render(location.pathname, new URLSearchParams(location.search));
  document.querySelector<HTMLElement>("main h1")?.focus();
}
