//! A search field kept in the URL's query (`?q=`). What the person types is shown and filters at
//! once; the URL follows (a replace navigation, so it can be shared and survives a reload), and
//! a change of the URL from elsewhere (back, forward, a link) comes back into the field. A field
//! bound to the URL alone loses keys typed faster than the router navigates: each navigation
//! writes an older value back under the person's fingers.

use leptos::prelude::*;

/// The typed text of one query parameter.
#[derive(Debug, Clone, Copy)]
pub struct QueryText {
    /// What the field shows and the page filters by.
    pub typed: RwSignal<String>,
    /// Values this field sent to the URL lately, so their arrival is not taken for a change
    /// made elsewhere.
    sent: StoredValue<Vec<String>>,
}

/// How many sent values are remembered (more than anyone types between two navigations).
const REMEMBERED: usize = 64;

impl QueryText {
    /// Follows `in_url` (the parameter's value in the URL, read reactively).
    pub fn new(in_url: impl Fn() -> String + Send + Sync + 'static) -> Self {
        let typed = RwSignal::new(untrack(&in_url));
        let sent = StoredValue::new(Vec::<String>::new());
        Effect::new(move |_| {
            let now = in_url();
            let ours = sent.with_value(|s| s.contains(&now));
            if !ours && typed.get_untracked() != now {
                sent.update_value(Vec::clear);
                typed.set(now);
            }
        });
        Self { typed, sent }
    }

    /// The person typed `text`: shown now; the caller then puts it in the URL.
    pub fn input(&self, text: &str) {
        self.sent.update_value(|s| {
            if s.len() >= REMEMBERED {
                s.remove(0);
            }
            s.push(text.to_owned());
        });
        self.typed.set(text.to_owned());
    }

    /// The text, tracked.
    pub fn get(&self) -> String {
        self.typed.get()
    }

    /// The text, untracked (for building the next URL).
    pub fn get_untracked(&self) -> String {
        self.typed.get_untracked()
    }
}
