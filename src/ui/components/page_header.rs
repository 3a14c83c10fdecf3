//! The head of every page (docs/design.md): where the page sits (a breadcrumb of the pages
//! above it), its title, and its actions.

use leptos::prelude::*;
use leptos_router::components::A;

crate::texts! {
    /// The page head.
    mod tx {
        trail: "You are here" => "当前位置",
    }
}

/// One page above this one: its name and link.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub label: Signal<String>,
    pub href: String,
}

impl Crumb {
    pub fn new(label: impl Fn() -> String + Send + Sync + 'static, href: String) -> Self {
        Self {
            label: Signal::derive(label),
            href,
        }
    }
}

/// The page's `<h1>` with the breadcrumb of the pages above it (the `<h1>` is the current one)
/// and the actions (`children`, links or buttons) beside it.
#[component]
pub fn PageHeader(
    /// The pages above this one, outermost first (none for a section's own page).
    #[prop(optional)]
    trail: Vec<Crumb>,
    /// The page's title.
    #[prop(into)]
    title: Signal<String>,
    /// A test hook on the `<h1>`, where specs read the title.
    #[prop(optional)]
    testid: Option<&'static str>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let crumbs = (!trail.is_empty()).then(|| {
        let items = trail
            .into_iter()
            .map(|c| view! { <li><A href=c.href>{move || c.label.get()}</A></li> })
            .collect_view();
        view! {
            <nav class="crumbs" aria-label=move || tx::t().trail>
                <ol>{items}</ol>
            </nav>
        }
    });
    view! {
        <header class="page-header">
            {crumbs}
            <div class="page-title">
                <h1 data-testid=testid>{move || title.get()}</h1>
                {children.map(|c| view! { <div class="page-actions">{c()}</div> })}
            </div>
        </header>
    }
}
