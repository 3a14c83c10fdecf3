//! Sending a checked form once: both backends' forms submit through [`submit_checked`].

use leptos::prelude::*;

/// A form's submit handler: marks the form attempted (so field errors show) and dispatches the
/// checked request — once: never while one is pending, never when the check fails.
pub fn submit_checked<T, E, I, O>(
    attempted: RwSignal<bool>,
    verdict: Memo<Result<T, E>>,
    submit: Action<I, O>,
    input: fn(T) -> I,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy
where
    T: Clone + PartialEq + Send + Sync + 'static,
    E: Clone + PartialEq + Send + Sync + 'static,
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    // Which form (a count of its changes) was last sent, and when (`Date.now()` ms): the same
    // form twice within a double click's time is one submit, even when the answer (a quick
    // refusal) lands between the two clicks; a changed form is sent at once. The count keeps no
    // copy of the request (which may hold a password).
    let edits = Memo::new(move |n: Option<&u64>| {
        verdict.track();
        n.map_or(0, |n| n.wrapping_add(1))
    });
    let last_sent = StoredValue::new(None::<(u64, f64)>);
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if submit.pending().get_untracked() {
            return;
        }
        if let Ok(checked) = verdict.get_untracked() {
            let (now, form) = (js_sys::Date::now(), edits.get_untracked());
            let repeated = matches!(
                last_sent.get_value(),
                Some((sent, at)) if sent == form && now - at < DOUBLE_CLICK_MS
            );
            if repeated {
                return;
            }
            last_sent.set_value(Some((form, now)));
            submit.dispatch(input(checked));
        }
    }
}

/// Submits closer together than this are one person's double click.
const DOUBLE_CLICK_MS: f64 = 700.0;
