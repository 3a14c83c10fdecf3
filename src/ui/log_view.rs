//! A log as lines that follow the tail, with each line anchored and the text of a search
//! marked; used by both backends' task pages.

use leptos::prelude::*;

use crate::core::i18n::fill;

crate::texts! {
    /// A log.
    mod tx {
        lines: "{0} line(s){1}" => "{0} 行{1}",
        live: " · live" => " · 实时",
        follow: "Follow the end" => "跟随末尾",
    }
}

/// `text` lower-cased character by character, the way a search and [`segments`] compare.
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// `text` cut around each case-insensitive occurrence of `query`: (piece, is_match).
///
/// Matches are found in the lower-cased line, whose byte offsets are not the line's: lower-casing
/// changes some characters' lengths (`İ` grows from 2 to 3 bytes, the Kelvin sign `K` shrinks
/// from 3 to 1), so a line of any agent text cut at those offsets could split a character and
/// panic. Each lower-cased byte remembers the character of the line it came from, and a match
/// marks the whole characters it touches.
pub fn segments(text: &str, query: &str) -> Vec<(String, bool)> {
    let q = fold(query.trim());
    if q.is_empty() {
        return vec![(text.to_owned(), false)];
    }
    let mut lower = String::with_capacity(text.len());
    // For each byte of `lower`: the byte range of the line's character it came from.
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        lower.extend(c.to_lowercase());
        origin.resize(lower.len(), (start, start + c.len_utf8()));
    }
    let mut out = Vec::new();
    // Bytes of `text` already given out, and where in `lower` to look next.
    let mut at = 0;
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find(&q)) {
        let first = from + found;
        from = first + q.len();
        let (Some(&(start, _)), Some(&(_, end))) = (origin.get(first), origin.get(from - 1)) else {
            break;
        };
        let start = start.max(at);
        if end <= start {
            continue;
        }
        if start > at {
            out.push((text[at..start].to_owned(), false));
        }
        out.push((text[start..end].to_owned(), true));
        at = end;
    }
    if at < text.len() {
        out.push((text[at..].to_owned(), false));
    }
    out
}

/// A log that follows its tail until the reader scrolls up; new lines are appended in place.
/// Each line has an anchor (`line-<sub-task>-<n>`); the URL's line is scrolled to and marked,
/// and text matching the log search is marked.
#[component]
pub fn LogView(
    lines: Memo<Vec<String>>,
    running: Signal<bool>,
    anchor: String,
    target: Signal<Option<usize>>,
    query: Signal<String>,
) -> impl IntoView {
    let follow = RwSignal::new(true);
    let pre = NodeRef::<leptos::html::Pre>::new();
    let prefix = format!("line-{anchor}-");
    let scroll_prefix = prefix.clone();
    Effect::new(move |_| {
        let count = lines.with(Vec::len);
        match target.get() {
            // A line asked for by the URL or the search: show it, stop following the end.
            Some(n) if n >= 1 && n <= count => {
                follow.set(false);
                let id = format!("{scroll_prefix}{n}");
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&id))
                {
                    el.scroll_into_view_with_bool(false);
                }
            }
            _ => {
                if follow.get() {
                    if let Some(el) = pre.get() {
                        el.set_scroll_top(el.scroll_height());
                    }
                }
            }
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = pre.get() {
            let at_bottom = el.scroll_top() + el.client_height() >= el.scroll_height() - 4;
            follow.set(at_bottom);
        }
    };
    let indexed = move || lines.get().into_iter().enumerate().collect::<Vec<_>>();
    // The lines read these, owned by this view: one subscription each to the page's signals
    // rather than one per line (dead subscriptions of a long-lived signal are only dropped when
    // it changes; per line they grew the memory with every rebuilt panel).
    let marked = Memo::new(move |_| target.get());
    let search = Memo::new(move |_| query.get());
    view! {
        <div class="log-head">
            <span class="muted">{move || fill(tx::t().lines, &[&lines.with(Vec::len), &if running.get() { tx::t().live } else { "" }])}</span>
            <Show when=move || !follow.get()>
                <button type="button" class="secondary" data-testid="follow" on:click=move |_| follow.set(true)>{move || tx::t().follow}</button>
            </Show>
        </div>
        <pre class="log" node_ref=pre on:scroll=on_scroll data-testid="log">
            // Keyed by position and text: lines only ever get appended (a retry appends too).
            <For each=indexed key=|(i, l)| (*i, l.clone()) let:((i, l))>
                {
                    let n = i + 1;
                    let kind = if l.starts_with("ERROR:") { "error" } else if l.starts_with("WARN:") { "warn" } else { "" };
                    let text = l.clone();
                    let class = move || {
                        let mut c = kind.to_owned();
                        if marked.get() == Some(n) {
                            c.push_str(" target");
                        }
                        c
                    };
                    view! {
                        <span id=format!("{prefix}{n}") class=class data-line=n>
                            {move || segments(&text, &search.get()).into_iter().map(|(piece, hit)| {
                                if hit { view! { <mark>{piece}</mark> }.into_any() } else { piece.into_any() }
                            }).collect_view()}
                            "\n"
                        </span>
                    }
                }
            </For>
        </pre>
    }
}
