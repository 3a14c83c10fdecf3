//! index.html's connect form, typeable before the console's code has arrived (docs/architecture.md,
//! "The first screen"): the console takes it over once it has started, and the entry point says
//! when that code cannot be fetched.
//!
//! The form is plain HTML inside a `<dialog open>` with `method="dialog"`: pressing Connect
//! before the console has started sends nothing and only closes the dialog (the stylesheet keeps
//! it drawn, as "Connecting…"), which is how the press is known here.
//!
//! Beside the console, the entry point also fetches the page group the first screen leads to
//! (the agent's or OCP's, as `console.json` says), so that a person who connects at once does not
//! wait for it after the console has started; the console then reads that `console.json` from
//! here instead of asking again.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

use crate::core::secret::Carried;
use crate::core::transport::RawResponse;

thread_local! {
    /// `console.json` as the entry point read it, until the console takes it.
    static CONSOLE_FILE: RefCell<Option<RawResponse>> = const { RefCell::new(None) };
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// The console's code could not be fetched: said in the form's status line.
pub fn failed() {
    let Some(status) = document().and_then(|d| d.get_element_by_id("boot-status")) else {
        return;
    };
    status.set_text_content(Some(
        "The console's code could not be loaded (the network, or a new version was deployed): reload the page. · 无法加载控制台的代码（网络问题，或已部署新版本）：请重新加载页面。",
    ));
    let _ = status.set_attribute("role", "alert");
}

/// Takes index.html's form over, once: what was typed (the field is emptied) and whether Connect
/// was pressed; the form is removed, which shows the console's own nodes in its place. `None`
/// once taken (or on a page without it).
pub fn adopt() -> Option<Carried> {
    let doc = document()?;
    let boot = doc.get_element_by_id("boot")?;
    let field = doc
        .get_element_by_id("boot-password")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    let password = zeroize::Zeroizing::new(field.as_ref().map(|f| f.value()).unwrap_or_default());
    if let Some(f) = &field {
        f.set_value("");
    }
    let submitted = doc
        .query_selector("#boot dialog")
        .ok()
        .flatten()
        .is_some_and(|d| !d.has_attribute("open"));
    boot.remove();
    Some(Carried {
        password,
        submitted,
    })
}

/// Removes index.html's form where no connect form took it over (the backend list refused, a
/// backend name that does not exist): what was typed there has nowhere to go.
pub fn dismiss() {
    drop(adopt());
}

/// Reads `console.json` and fetches the page group of the backend the page will show (the one a
/// `/b/<name>/…` URL names, else the first listed; nothing for the page of all backends). A
/// failure leaves it to the console, which reads the file again and says what is wrong.
pub async fn preload_first_group() {
    let Ok(raw) =
        crate::core::transport::fetch_console_file(crate::core::backend::CONSOLE_JSON).await
    else {
        return;
    };
    let leads = leads_to_ocp(&raw);
    CONSOLE_FILE.with(|f| *f.borrow_mut() = Some(raw));
    if let Some(ocp) = leads {
        crate::shell::split::preload_pages(ocp).await;
    }
}

/// `console.json` as the entry point read it, once (then the console reads it itself).
pub fn take_console_file() -> Option<RawResponse> {
    CONSOLE_FILE.with(|f| f.borrow_mut().take())
}

/// Whether the page this URL shows is an OCP's form (`Some(false)`: an agent's). Read with the
/// browser's JSON: the console's own reader (`core::backend`) is in the console's module, and
/// this only guesses which group to fetch early; the console's routes (`shell::app`) decide.
fn leads_to_ocp(raw: &RawResponse) -> Option<bool> {
    use js_sys::Reflect;
    if raw.status == 404 {
        // No file: the default agent alone.
        return Some(false);
    }
    let path = web_sys::window()?.location().pathname().ok()?;
    if path == crate::core::links::CONNECT {
        return None;
    }
    let list: js_sys::Array =
        Reflect::get(&js_sys::JSON::parse(&raw.text).ok()?, &"backends".into())
            .ok()?
            .dyn_into()
            .ok()?;
    let field = |entry: &wasm_bindgen::JsValue, name: &str| {
        Reflect::get(entry, &name.into()).ok()?.as_string()
    };
    let entry = match path.strip_prefix("/b/") {
        Some(rest) => {
            let name = rest.split('/').next().unwrap_or_default();
            list.iter()
                .find(|e| field(e, "name").as_deref() == Some(name))?
        }
        None => list.get(0),
    };
    Some(field(&entry, "kind")? == "ocp")
}
