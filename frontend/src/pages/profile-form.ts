// Editing one's own profile, in place on the profile page: "Editar perfil" opens the form (the
// first field takes the focus) in place of what the profile shows; Escape or "Cancelar" closes it
// and gives the focus back to the button. The form checks the server's limits first; every error,
// its own or the server's (`input.links.2`), shows beside its field with a summary that links to
// it (fields.ts, shared with the suspension form). Saved, the page is drawn again with a status
// message that takes the focus, in the interface language the member chose, if they chose one.
import { gql } from "../api";
import { h, replace } from "../dom";
import type { ProfileFormQuery } from "../generated/operations";
import { graphql } from "../graphql";
import { LANGUAGES, isLanguage, labelLanguage, language, switchLanguage, t } from "../i18n";
import type { Key } from "../locales/es";
import { failure, loading } from "./common";
import { SPOKEN_LANGUAGES } from "./directory-model";
import { languageLabel } from "./directory";
import { busy, checkedValues, choiceGroup, clearErrors, errorSummary, formField, radios, showFieldError, showRequestError } from "./fields";
import { closeOnEscape, formActions } from "./moderation";
import { FREQUENCIES, saveDigestFrequency, type Frequency } from "./notifications";
import type { ProfileMember } from "./people";
import { BIO_MAX, LINKS_MAX, SKILLS_MAX, SKILL_MAX, TITLE_MAX, VISIBILITIES, characters, profileInput, profileProblem, skillsLine, type ProfileDraft } from "./profile-model";

const FORM_DATA = graphql(`query ProfileForm($lang: LabelLanguageValue) {
  taxonomies { platforms { code label(language: $lang) } objectives { code label(language: $lang) } } digestFrequency }`);
const UPDATE = graphql(`mutation UpdateProfile($input: ProfileInput!) { updateProfile(input: $input) { id } }`);

type Profile = NonNullable<ProfileMember["profile"]>;

/** The event the form sends when the signed-in member's name changed, so the header follows. */
export const VIEWER_CHANGED = "plaza:viewer";

/**
 * The biography's character count, shown as the member types; a quieter copy for screen readers
 * is announced once they pause, rather than at every key.
 */
function counter(textarea: HTMLTextAreaElement, id: string): { visible: HTMLElement; spoken: HTMLElement } {
  const visible = h("p", { id, class: "help counter" });
  const spoken = h("p", { class: "visually-hidden", "aria-live": "polite" });
  let timer: number | undefined;
  const say = () => {
    const count = characters(textarea.value.trim());
    const over = count - BIO_MAX;
    visible.textContent = over > 0 ? t("profile.form.over", { count: over }) : t("profile.form.count", { count, max: BIO_MAX });
    visible.classList.toggle("over", over > 0);
  };
  textarea.addEventListener("input", () => {
    say();
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      spoken.textContent = visible.textContent;
    }, 1000);
  });
  say();
  return { visible, spoken };
}

/** A subheading inside the form, grouping its fields. */
function group(id: string, title: string, ...fields: HTMLElement[]): HTMLElement {
  return h("section", { class: "profile-form-part", "aria-labelledby": id }, h("h3", { id }, title), fields);
}

function profileForm(member: ProfileMember, profile: Profile, data: ProfileFormQuery, cancel: () => void, reload: (message: string) => void): HTMLFormElement {
  const name = h("input", { type: "text", name: "displayName", value: profile.displayName ?? "", autocomplete: "name" });
  const title = h("input", { type: "text", name: "title", value: profile.title ?? "", autocomplete: "organization-title" });
  const bio = h("textarea", { name: "bio", rows: "7" });
  bio.value = profile.bio ?? "";
  const bioField = formField("profile-bio", "bio", t("profile.form.bio"), bio, t("profile.form.bioHint"));
  const count = counter(bio, "profile-bio-count");
  bio.after(count.visible, count.spoken);
  bio.setAttribute("aria-describedby", "profile-bio-hint profile-bio-count profile-bio-error");
  const platforms = choiceGroup("checkbox", "profile-platforms", "platforms", t("profile.form.platforms"), data.taxonomies.platforms, profile.platforms.map((p) => p.code));
  const objectives = choiceGroup("checkbox", "profile-objectives", "objectives", t("profile.form.objectives"), data.taxonomies.objectives, profile.objectives.map((o) => o.code));
  const skills = h("input", { type: "text", name: "skills", value: skillsLine(profile.skills) });
  const languages = choiceGroup(
    "checkbox",
    "profile-languages",
    "languages",
    t("profile.form.languages"),
    SPOKEN_LANGUAGES.map((code) => ({ code, label: languageLabel(code) })),
    profile.languages,
  );
  const links = Array.from({ length: LINKS_MAX }, (_, index) => h("input", { type: "url", name: "links", value: profile.links[index] ?? "", autocomplete: "url" }));
  const linkFields = h(
    "fieldset",
    { id: "profile-links-set", class: "link-fields", "data-field": "links", "aria-describedby": "profile-links-hint profile-links-set-error" },
    h("legend", {}, t("profile.form.links")),
    h("p", { id: "profile-links-hint", class: "help" }, t("profile.form.linksHint", { max: LINKS_MAX })),
    links.map((input, index) => formField(`profile-link-${index}`, `links.${index}`, t("profile.form.link", { number: index + 1 }), input)),
    h("p", { id: "profile-links-set-error", class: "field-error", hidden: true }),
  );
  const visibility = radios(
    "profile-visibility",
    "visibility",
    t("profile.form.visibility"),
    VISIBILITIES.map((code) => ({ code, label: t(`profile.visibility.${code}` as Key), hint: t(`profile.visibility.${code}Help` as Key) })),
    profile.visibility,
  );
  const chosen = profile.interfaceLanguage ?? "";
  const interfaceLanguage = h(
    "select",
    { name: "interfaceLanguage" },
    h("option", { value: "", selected: !chosen }, t("profile.form.interfaceBrowser")),
    Object.entries(LANGUAGES).map(([code, label]) => h("option", { value: code, lang: code, selected: code === chosen }, label)),
  );
  const digest = radios("profile-digest", "digest", t("digest.legend"), FREQUENCIES.map((code) => ({ code, label: t(`digest.${code}` as Key) })), data.digestFrequency);
  const summary = errorSummary();
  const form = h(
    "form",
    { class: "editor profile-form", novalidate: true, "aria-labelledby": "profile-form-title" },
    h("h2", { id: "profile-form-title" }, t("profile.form.title")),
    summary,
    group(
      "profile-form-who",
      t("profile.form.who"),
      formField("profile-name", "displayName", t("profile.form.name"), name, t("profile.form.nameHint", { name: member.name })),
      formField("profile-title", "title", t("profile.form.jobTitle"), title, t("profile.form.jobTitleHint", { max: TITLE_MAX })),
      bioField,
    ),
    group(
      "profile-form-knows",
      t("profile.form.knows"),
      platforms,
      objectives,
      formField("profile-skills", "skills", t("profile.form.skills"), skills, t("profile.form.skillsHint", { count: SKILLS_MAX, max: SKILL_MAX })),
      languages,
      linkFields,
    ),
    group(
      "profile-form-settings",
      t("profile.form.settings"),
      visibility,
      formField("profile-interface", "interfaceLanguage", t("profile.form.interface"), interfaceLanguage, t("profile.form.interfaceHint")),
      digest,
    ),
    formActions(t("profile.form.save"), cancel),
  );
  closeOnEscape(form, cancel);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const draft: ProfileDraft = {
      displayName: name.value,
      title: title.value,
      bio: bio.value,
      platforms: checkedValues(platforms),
      objectives: checkedValues(objectives),
      skills: skills.value,
      languages: checkedValues(languages),
      links: links.map((input) => input.value),
      visibility: checkedValues(visibility)[0] ?? profile.visibility,
      interfaceLanguage: interfaceLanguage.value,
    };
    const problem = profileProblem(draft);
    if (problem) return showFieldError(form, summary, problem.field, t(problem.message, problem.values));
    const frequency = (checkedValues(digest)[0] ?? data.digestFrequency) as Frequency;
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    try {
      await busy(submit, t("profile.form.saving"), async () => {
        await gql(UPDATE, { input: profileInput(draft) });
        if (frequency !== data.digestFrequency) await saveDigestFrequency(frequency);
      });
    } catch (error) {
      return showRequestError(form, summary, error);
    }
    // The interface language chosen applies at once (and is this browser's choice from now on);
    // a new display name shows in the header too.
    if (isLanguage(draft.interfaceLanguage) && draft.interfaceLanguage !== language()) await switchLanguage(draft.interfaceLanguage);
    else if (draft.displayName.trim() !== (profile.displayName ?? "")) document.dispatchEvent(new Event(VIEWER_CHANGED));
    reload(t("profile.saved"));
  });
  return form;
}

/**
 * "Editar perfil" and the place where the form opens: while it is open, `details` (what the
 * profile shows) is hidden. `reload` draws the page again with a message.
 */
export function profileEditor(member: ProfileMember, details: HTMLElement, reload: (message: string) => void): { toggle: HTMLButtonElement; panel: HTMLElement } {
  const toggle = h("button", { type: "button", class: "secondary", "aria-expanded": "false", "aria-controls": "profile-editor" }, t("profile.edit"));
  const panel = h("div", { id: "profile-editor", class: "profile-editor" });
  const close = () => {
    replace(panel);
    details.hidden = false;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  };
  toggle.addEventListener("click", async () => {
    if (panel.firstChild) return close();
    toggle.setAttribute("aria-expanded", "true");
    replace(panel, loading());
    try {
      const data = await gql(FORM_DATA, { lang: labelLanguage() });
      const form = profileForm(member, member.profile!, data, close, reload);
      details.hidden = true;
      replace(panel, form);
      form.querySelector<HTMLInputElement>("input")?.focus();
    } catch (error) {
      replace(panel, failure(error));
    }
  });
  return { toggle, panel };
}
