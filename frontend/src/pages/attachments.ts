// Attachments: uploading images and PDFs of evidence with a progress bar, the list an editor
// keeps (insert an image into a text, remove a file), and the section readers see. Files go to
// `POST /adjuntos` as the raw body; the server reads the type from the content, so the checks
// here only spare a pointless upload.
import { ApiError } from "../api";
import { h } from "../dom";
import { language, t } from "../i18n";
import type { Key } from "../locales/es";

/** A file as the upload and the API describe it. */
export interface Attachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  width?: number | null;
  height?: number | null;
  isImage?: boolean;
  url: string;
  thumbnailUrl: string | null;
  markdown: string;
}

/** The GraphQL selection for an item's attachments. */
export const ATTACHMENT_FIELDS = "attachments { id name mediaType size width height isImage url thumbnailUrl markdown }";

/** Largest file the server accepts (10 MiB). */
export const MAX_BYTES = 10 * 1024 * 1024;
/** Most files one item may have. */
export const MAX_FILES = 20;
/** What may be attached. */
export const ACCEPTED = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"];

const CODES: Record<string, Key> = {
  FILE_TOO_LARGE: "attach.error.tooLarge",
  UNSUPPORTED_FILE_TYPE: "attach.error.type",
  EMPTY_FILE: "attach.error.empty",
  IMAGE_TOO_LARGE: "attach.error.pixels",
  UNREADABLE_IMAGE: "attach.error.unreadable",
  TOO_MANY_PENDING_FILES: "attach.error.pending",
  UNAUTHENTICATED: "error.unauthenticated",
  FORBIDDEN: "error.forbidden",
  RATE_LIMITED: "error.rateLimited",
  NETWORK: "error.network",
};

/** What went wrong with a file, in the interface's words. */
export function uploadProblem(error: unknown): string {
  const code = error instanceof ApiError ? error.code : undefined;
  const key = code ? CODES[code] : undefined;
  return key ? t(key) : t("error.unavailable");
}

/** Why a file cannot be attached before sending it, if it cannot. */
export function precheck(file: { size: number; type: string }, count: number): string | null {
  if (count >= MAX_FILES) return t("attach.error.count", { max: MAX_FILES });
  if (file.size === 0) return t("attach.error.empty");
  if (file.size > MAX_BYTES) return t("attach.error.tooLarge");
  if (file.type && !ACCEPTED.includes(file.type)) return t("attach.error.type");
  return null;
}

/** A size in words ("2,4 MB"). */
export function fileSize(bytes: number): string {
  const format = (value: number, unit: string) => `${new Intl.NumberFormat(language(), { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (bytes < 1024) return format(bytes, "B");
  if (bytes < 1024 * 1024) return format(bytes / 1024, "KB");
  return format(bytes / (1024 * 1024), "MB");
}

/** Sends one file, reporting progress (0–1); resolves with what the server stored. */
export function upload(file: File, progress: (fraction: number) => void): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/adjuntos?nombre=${encodeURIComponent(file.name)}`);
    request.setRequestHeader("content-type", file.type || "application/octet-stream");
    request.setRequestHeader("accept-language", language());
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress(event.loaded / event.total);
    });
    request.addEventListener("error", () => reject(new ApiError("network", "NETWORK", undefined)));
    request.addEventListener("load", () => {
      let body: { errors?: { message: string; extensions?: { code?: string } }[] } & Partial<Attachment> = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        // Not JSON: reported by its status below.
      }
      if (request.status === 201 && body.id) resolve(body as Attachment);
      else {
        const first = body.errors?.[0];
        reject(new ApiError(first?.message ?? `HTTP ${request.status}`, first?.extensions?.code ?? "UNAVAILABLE", "attachments"));
      }
    });
    request.send(file);
  });
}

/** Replaces `/adjuntos/<id>` in rendered HTML with the signed links known for those files. */
export function linkPreview(html: string, files: Attachment[]): string {
  return html.replace(/"\/adjuntos\/([0-9A-HJKMNP-TV-Z]{26})"/g, (whole, id: string) => {
    const file = files.find((f) => f.id === id);
    return file ? `"${file.url.replace(/&/g, "&amp;")}"` : whole;
  });
}

/** The editor's attachments: a file picker, the progress of each upload, and the list. */
export interface AttachmentList {
  element: HTMLElement;
  /** The ids to save the item with. */
  ids(): string[];
  /** The files, with their links (for previews). */
  files(): Attachment[];
  /** Shows these files instead (a draft brought back). */
  set(next: Attachment[]): void;
}

/**
 * The attachments part of an editor. `insert` puts an image's markdown into the text the author
 * chose; `changed` runs after every addition or removal (autosave).
 */
export function attachmentList(initial: Attachment[], insert: (markdown: string) => void, changed: () => void): AttachmentList {
  const files = [...initial];
  const list = h("ul", { class: "attachments", "aria-live": "polite" });
  const status = h("p", { class: "field-error", id: "attachments-error", hidden: true, role: "alert" });
  const picker = h("input", { type: "file", id: "f-attachments", accept: ACCEPTED.join(","), multiple: true, "data-field": "attachments", "aria-describedby": "f-attachments-hint attachments-error" });
  const row = (file: Attachment): HTMLElement => {
    const preview = file.thumbnailUrl ? h("img", { src: file.thumbnailUrl, alt: "", width: "96", height: "72", loading: "lazy" }) : h("span", { class: "file-icon", "aria-hidden": "true" }, "PDF");
    const remove = h("button", { type: "button", class: "secondary" }, t("attach.remove"));
    const item = h(
      "li",
      { "data-attachment": file.id },
      preview,
      h("span", { class: "attachment-name" }, file.name, h("span", { class: "meta" }, ` · ${fileSize(file.size)}`)),
      (file.isImage ?? file.mediaType.startsWith("image/")) ? h("button", { type: "button", class: "secondary", onclick: () => insert(file.markdown) }, t("attach.insert")) : null,
      remove,
    );
    remove.setAttribute("aria-label", t("attach.removeNamed", { name: file.name }));
    remove.addEventListener("click", () => {
      files.splice(files.indexOf(file), 1);
      item.remove();
      picker.focus();
      changed();
    });
    return item;
  };
  for (const file of files) list.append(row(file));
  picker.addEventListener("change", async () => {
    const chosen = [...(picker.files ?? [])];
    picker.value = "";
    status.hidden = true;
    for (const file of chosen) {
      const refused = precheck(file, files.length);
      if (refused) {
        status.textContent = `${file.name}: ${refused}`;
        status.hidden = false;
        continue;
      }
      const bar = h("progress", { max: "1", value: "0", "aria-label": t("attach.uploading", { name: file.name }) });
      const pending = h("li", { class: "uploading" }, h("span", { class: "attachment-name" }, file.name), bar);
      list.append(pending);
      try {
        const stored = await upload(file, (fraction) => {
          bar.value = fraction;
        });
        files.push(stored);
        pending.replaceWith(row(stored));
        changed();
      } catch (error) {
        pending.remove();
        status.textContent = `${file.name}: ${uploadProblem(error)}`;
        status.hidden = false;
      }
    }
  });
  const element = h(
    "section",
    { class: "attachments-section", "aria-labelledby": "attachments-heading" },
    h("h2", { id: "attachments-heading" }, t("attach.title")),
    h("p", { class: "help", id: "f-attachments-hint" }, t("attach.help", { max: MAX_FILES })),
    h("label", { for: "f-attachments", class: "file-pick" }, t("attach.choose")),
    picker,
    status,
    list,
  );
  const set = (next: Attachment[]) => {
    files.splice(0, files.length, ...next);
    list.replaceChildren(...next.map(row));
  };
  return { element, ids: () => files.map((f) => f.id), files: () => [...files], set };
}

/** The attachments section of an item's page: thumbnails of images, documents as links. */
export function attachmentsSection(files: Attachment[]): HTMLElement | null {
  if (files.length === 0) return null;
  const list = h("ul", { class: "attachments" });
  for (const file of files) {
    const image = file.isImage ?? file.mediaType.startsWith("image/");
    const label = image ? t("attach.openImage", { name: file.name }) : t("attach.download", { name: file.name });
    list.append(
      h(
        "li",
        {},
        h(
          "a",
          { href: file.url, download: image ? undefined : file.name },
          file.thumbnailUrl ? h("img", { src: file.thumbnailUrl, alt: "", width: "160", height: "120", loading: "lazy" }) : h("span", { class: "file-icon", "aria-hidden": "true" }, "PDF"),
          h("span", { class: "attachment-name" }, label),
        ),
        h("span", { class: "meta" }, ` ${fileSize(file.size)}`),
      ),
    );
  }
  return h("section", { class: "attachments-view", "aria-labelledby": "attachments-view-heading" }, h("h2", { id: "attachments-view-heading" }, t("attach.title")), list);
}
