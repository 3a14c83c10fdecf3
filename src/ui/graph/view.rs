//! The SVG of a DAG. It only draws: positions come from the pure layout, each box reads its own
//! signal, so a poll that changes one node re-renders one box. What is in sight is the SVG's
//! `viewBox`: fitted on first show, moved by dragging (pointer events), zoomed with the buttons,
//! ctrl + wheel or two pointers (a touch pinch).
//!
//! Why ctrl + wheel and not the plain wheel: the task page scrolls on past the graph to the node
//! panel and its logs, and a graph that takes the plain wheel traps that scroll — what users of
//! such widgets keep asking to change (cytoscape.js #2062, uber/react-digraph #242,
//! ipycytoscape #329; Google Maps embeds ask for ctrl + scroll for the same reason). Browsers
//! deliver a trackpad pinch as a wheel event with `ctrlKey`, so it zooms here too.
//!
//! Each box is a focusable button named "step 3: Alter tenant locality, RUNNING"; Tab and the
//! arrow keys walk the steps, Enter selects, and hover or focus shows the full name.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::layout::{layout, wrap, Metrics};
use super::model::{operator_label, state_cue, subtitle_text, GraphBox};
use super::GraphStore;
use crate::core::i18n::fill;

crate::texts! {
    /// The task graph's texts.
    mod tx {
        step_name: "step {0}: {1}{2}, {3}" => "第 {0} 步：{1}{2}，{3}",
        on_agent: " on {0}" => "（{0}）",
        tip: "step {0} · {1} · {2} {3} · {4}" => "第 {0} 步 · {1} · {2} {3} · {4}",
        zoom_out: "Zoom out" => "缩小",
        zoom_in: "Zoom in" => "放大",
        zoom_fit: "Zoom to fit" => "适应窗口",
        hint: "Drag to move · Ctrl + wheel or pinch to zoom · Tab or arrow keys through the steps" => "拖动以移动 · Ctrl + 滚轮或双指捏合以缩放 · 用 Tab 或方向键逐步浏览",
        graph_name: "task graph, {0} steps" => "任务图，共 {0} 步",
    }
}

/// From this many boxes on, only those near the visible part are drawn.
const WINDOW_FROM: usize = 60;
/// Zoom limits; a first show fits only when the fitted graph stays readable.
const MIN_SCALE: f64 = 0.1;
const MAX_SCALE: f64 = 3.0;
const READABLE_FIT: f64 = 0.5;

/// One box's live state.
#[derive(Debug, Clone, Copy)]
pub struct BoxCell {
    pub key: StoredValue<String>,
    pub data: RwSignal<GraphBox>,
}

/// The part of the layout in sight: its top-left corner and pixels per unit.
#[derive(Debug, Clone, Copy, PartialEq)]
struct View {
    x: f64,
    y: f64,
    scale: f64,
}

/// Pointers down on the graph, for drag and pinch.
#[derive(Debug, Default)]
struct Gesture {
    pointers: Vec<(i32, f64, f64)>,
    start: (f64, f64),
    /// Moved far enough to be a drag: the click that ends it selects nothing.
    dragged: bool,
}

/// How a box reads to a screen reader and in its tooltip.
pub fn accessible_name(b: &GraphBox) -> String {
    let on = if b.key == b.node_id {
        String::new()
    } else {
        fill(tx::t().on_agent, &[&b.subtitle])
    };
    let state = crate::core::i18n::glossed(b.state.as_str());
    fill(tx::t().step_name, &[&b.stage, &b.title, &on, &state])
}

/// Draws the store's boxes; a click (or Enter) selects a box's node. `current` is kept in sight
/// when the whole graph does not fit.
#[component]
pub fn DagGraph(
    /// The live boxes and the structure their layout depends on.
    store: GraphStore,
    /// The selected node's id.
    selected: Signal<Option<String>>,
    /// Called when a box is chosen, with its node id and, for a fanned-out node, the id of
    /// the box's sub-task.
    on_select: Callback<(String, Option<String>)>,
    /// Index of the box to keep in sight (the current stage).
    current: Signal<usize>,
) -> impl IntoView {
    let m = Metrics::default();
    let frame = NodeRef::<leptos::html::Div>::new();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    // The frame's inner width and the tallest it may grow (pixels).
    let frame_w = RwSignal::new(1050.0f64);
    let max_h = RwSignal::new(520.0f64);
    let measure = move || {
        if let Some(div) = frame.get_untracked() {
            let w = f64::from(div.client_width());
            if w > 0.0 && (w - frame_w.get_untracked()).abs() >= 1.0 {
                frame_w.set(w);
            }
        }
        if let Some(h) = window().inner_height().ok().and_then(|h| h.as_f64()) {
            let h = (h * 0.58).max(240.0);
            if (h - max_h.get_untracked()).abs() >= 1.0 {
                max_h.set(h);
            }
        }
    };
    // The frame is measured whenever its size changes: when it is first laid out (a page whose
    // code loads first is built before it is in the document, at width 0), when a scroll bar
    // comes or goes, and with the window. The window's inner height is read along.
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    Effect::new(move |_| {
        let Some(div) = frame.get() else { return };
        measure();
        let callback = Closure::<dyn FnMut()>::new(measure);
        if let Ok(watch) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            watch.observe(&div);
            if let Some((old, _)) = observer
                .try_update_value(|o| o.replace((watch, callback)))
                .flatten()
            {
                old.disconnect();
            }
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        resize.remove();
        if let Some((watch, _)) = observer.try_update_value(Option::take).flatten() {
            watch.disconnect();
        }
    });
    let columns = Memo::new(move |_| m.columns_for(frame_w.get()));
    let layout = Memo::new(move |_| {
        let c = columns.get();
        store
            .structure
            .with(|(keys, edges)| layout(keys.len(), edges, &m, c))
    });
    let frame_h = Memo::new(move |_| layout.with(|l| l.height).clamp(160.0, max_h.get()));

    let view = RwSignal::new(View {
        x: 0.0,
        y: 0.0,
        scale: 1.0,
    });
    // The view follows the layout (fit or the current box) until the reader moves it.
    let follow = RwSignal::new(true);
    let fitted = move || {
        let (lw, lh) = layout.with_untracked(|l| (l.width, l.height));
        let (fw, fh) = (frame_w.get_untracked(), frame_h.get_untracked());
        let scale = (fw / lw).min(fh / lh).clamp(MIN_SCALE, 1.0);
        View {
            x: (lw - fw / scale) / 2.0,
            y: (lh - fh / scale) / 2.0,
            scale,
        }
    };
    let centre_on = move |index: usize, scale: f64| {
        let (fw, fh) = (frame_w.get_untracked(), frame_h.get_untracked());
        layout.with_untracked(|l| {
            l.boxes.get(index).map(|b| View {
                x: b.x + m.width / 2.0 - fw / scale / 2.0,
                y: b.y + m.height / 2.0 - fh / scale / 2.0,
                scale,
            })
        })
    };
    let fit = move || {
        follow.set(true);
        view.set(fitted());
    };
    Effect::new(move |_| {
        layout.track();
        frame_w.track();
        frame_h.track();
        if !follow.get_untracked() {
            return;
        }
        let f = fitted();
        if f.scale >= READABLE_FIT {
            view.set(f);
        } else if let Some(v) = centre_on(current.get_untracked(), 1.0) {
            view.set(v);
        }
    });
    // A large graph that does not fit keeps the current stage in sight as it moves on.
    let in_sight = move |index: usize| {
        let v = view.get_untracked();
        let (fw, fh) = (frame_w.get_untracked(), frame_h.get_untracked());
        layout.with_untracked(|l| {
            l.boxes.get(index).is_some_and(|b| {
                b.x >= v.x
                    && b.y >= v.y
                    && b.x + m.width <= v.x + fw / v.scale
                    && b.y + m.height <= v.y + fh / v.scale
            })
        })
    };
    Effect::new(move |_| {
        let index = current.get();
        if follow.get_untracked() && !in_sight(index) {
            if let Some(v) = centre_on(index, view.get_untracked().scale) {
                view.set(v);
            }
        }
    });

    let zoom_at = move |factor: f64, px: f64, py: f64| {
        follow.set(false);
        view.update(|v| {
            let scale = (v.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
            let (wx, wy) = (v.x + px / v.scale, v.y + py / v.scale);
            *v = View {
                x: wx - px / scale,
                y: wy - py / scale,
                scale,
            };
        });
    };
    let zoom_centre = move |factor: f64| {
        zoom_at(
            factor,
            frame_w.get_untracked() / 2.0,
            frame_h.get_untracked() / 2.0,
        )
    };
    // Where a pointer is, in frame pixels.
    let local = move |cx: f64, cy: f64| {
        frame.get_untracked().map_or((cx, cy), |div| {
            let r = div.get_bounding_client_rect();
            (cx - r.left(), cy - r.top())
        })
    };
    // The wheel listener must not be passive, to keep the page itself from zooming; it is
    // removed with the graph.
    type Wheel = (
        web_sys::EventTarget,
        Closure<dyn FnMut(web_sys::WheelEvent)>,
    );
    let wheel = StoredValue::new_local(None::<Wheel>);
    Effect::new(move |_| {
        let Some(div) = frame.get() else { return };
        let on_wheel =
            Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |e: web_sys::WheelEvent| {
                if !(e.ctrl_key() || e.meta_key()) {
                    return;
                }
                e.prevent_default();
                let unit = match e.delta_mode() {
                    1 => 16.0,
                    2 => 400.0,
                    _ => 1.0,
                };
                let (px, py) = local(f64::from(e.client_x()), f64::from(e.client_y()));
                zoom_at((-e.delta_y() * unit * 0.002).exp(), px, py);
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let target: web_sys::EventTarget = div.unchecked_into();
        let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        wheel.set_value(Some((target, on_wheel)));
    });
    on_cleanup(move || {
        if let Some(Some((target, on_wheel))) = wheel.try_update_value(Option::take) {
            let _ = target
                .remove_event_listener_with_callback("wheel", on_wheel.as_ref().unchecked_ref());
        }
    });

    let gesture = StoredValue::new_local(Gesture::default());
    let on_down = move |e: web_sys::PointerEvent| {
        if e.pointer_type() == "mouse" && e.button() != 0 {
            return;
        }
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        gesture.update_value(|g| {
            if g.pointers.is_empty() {
                g.dragged = false;
                g.start = (x, y);
            }
            g.pointers.retain(|p| p.0 != e.pointer_id());
            g.pointers.push((e.pointer_id(), x, y));
        });
    };
    let on_move = move |e: web_sys::PointerEvent| {
        let id = e.pointer_id();
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        let mut pan = None;
        let mut pinch = None;
        let mut capture = false;
        gesture.update_value(|g| {
            let Some(at) = g.pointers.iter().position(|p| p.0 == id) else {
                return;
            };
            let (_, px, py) = g.pointers[at];
            match g.pointers.len() {
                1 => {
                    if !g.dragged && (x - g.start.0).hypot(y - g.start.1) > 4.0 {
                        g.dragged = true;
                        capture = true;
                    }
                    if g.dragged {
                        pan = Some((x - px, y - py));
                    }
                }
                2 => {
                    let (_, ox, oy) = g.pointers[1 - at];
                    let before = (px - ox).hypot(py - oy);
                    let after = (x - ox).hypot(y - oy);
                    if before > 0.0 {
                        pinch = Some((after / before, (x + ox) / 2.0, (y + oy) / 2.0));
                    }
                    g.dragged = true;
                }
                _ => {}
            }
            g.pointers[at] = (id, x, y);
        });
        // Captured only once it is a drag, so that a plain click still reaches its box.
        if capture {
            if let Some(el) = svg.get_untracked() {
                let el: &web_sys::Element = el.as_ref();
                let _ = el.set_pointer_capture(id);
            }
        }
        if let Some((dx, dy)) = pan {
            follow.set(false);
            view.update(|v| {
                v.x -= dx / v.scale;
                v.y -= dy / v.scale;
            });
        }
        if let Some((factor, cx, cy)) = pinch {
            let (px, py) = local(cx, cy);
            zoom_at(factor, px, py);
        }
    };
    let on_up = move |e: web_sys::PointerEvent| {
        gesture.update_value(|g| g.pointers.retain(|p| p.0 != e.pointer_id()));
    };
    let dragged = move || gesture.with_value(|g| g.dragged);

    let tip = RwSignal::new(None::<usize>);
    // The part of the layout in sight, and around it the part that is drawn.
    let visible_rect = move || {
        let v = view.get();
        let (w, h) = (frame_w.get() / v.scale, frame_h.get() / v.scale);
        (v.x - w, v.y - h, v.x + 2.0 * w, v.y + 2.0 * h)
    };
    let near = move |x: f64, y: f64| {
        let (x0, y0, x1, y1) = visible_rect();
        x + m.width >= x0 && x <= x1 && y + m.height >= y0 && y <= y1
    };
    let cells = move || {
        let l = layout.get();
        let windowed = l.boxes.len() > WINDOW_FROM;
        store
            .cells
            .get()
            .into_iter()
            .enumerate()
            .filter_map(|(i, cell)| {
                let pos = l.boxes.get(i).map(|p| (p.x, p.y)).unwrap_or_default();
                (!windowed || near(pos.0, pos.1)).then_some((i, cell, pos))
            })
            .collect::<Vec<_>>()
    };
    let routes = move || {
        layout.with(|l| {
            let windowed = l.boxes.len() > WINDOW_FROM;
            l.routes
                .iter()
                .filter(|r| {
                    !windowed
                        || l.boxes.get(r.from).is_some_and(|b| near(b.x, b.y))
                        || l.boxes.get(r.to).is_some_and(|b| near(b.x, b.y))
                })
                .map(|r| view! { <path d=r.path.clone() class="edge" marker-end="url(#arrow)"/> })
                .collect_view()
        })
    };
    let view_box = move || {
        let v = view.get();
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            v.x,
            v.y,
            frame_w.get() / v.scale,
            frame_h.get() / v.scale
        )
    };
    // The tooltip sits under its box, in frame pixels.
    let tip_view = move || {
        let i = tip.get()?;
        let cell = store.cells.with(|c| c.get(i).copied())?;
        let (bx, by) = layout.with(|l| l.boxes.get(i).map(|b| (b.x, b.y)))?;
        let v = view.get();
        let left = ((bx - v.x) * v.scale).clamp(0.0, (frame_w.get() - 240.0).max(0.0));
        let top = (by + m.height - v.y) * v.scale + 6.0;
        let text = cell.data.with(|d| {
            let (glyph, word) = state_cue(d.state);
            (
                d.title.clone(),
                fill(
                    tx::t().tip,
                    &[
                        &d.stage,
                        &subtitle_text(d),
                        &glyph,
                        &word,
                        &operator_label(d.operator),
                    ],
                ),
            )
        });
        Some(view! {
            <div class="graph-tip" role="tooltip" id="graph-tip" data-testid="graph-tip"
                style:left=format!("{left:.0}px") style:top=format!("{top:.0}px")>
                <strong>{text.0}</strong><br/><span class="muted">{text.1}</span>
            </div>
        })
    };
    let reveal = move |i: usize| {
        if !in_sight(i) {
            follow.set(false);
            if let Some(v) = centre_on(i, view.get_untracked().scale) {
                view.set(v);
            }
        }
    };
    // Keyboard focus to another box: brought into sight first, so that it is drawn.
    let step_to = move |target: usize| {
        let count = layout.with_untracked(|l| l.boxes.len());
        if count == 0 {
            return;
        }
        let target = target.min(count - 1);
        reveal(target);
        request_animation_frame(move || {
            let found = svg
                .get_untracked()
                .and_then(|el| {
                    let el: &web_sys::Element = el.as_ref();
                    el.query_selector(&format!("[data-index='{target}']"))
                        .ok()
                        .flatten()
                })
                .and_then(|el| el.dyn_into::<web_sys::SvgElement>().ok());
            if let Some(el) = found {
                let _ = el.focus();
            }
        });
    };
    view! {
        <div class="graph-tools">
            <button type="button" class="secondary" data-testid="zoom-out" aria-label=move || tx::t().zoom_out on:click=move |_| zoom_centre(1.0 / 1.25)>"−"</button>
            <span class="muted" data-testid="zoom-level">{move || format!("{:.0} %", view.get().scale * 100.0)}</span>
            <button type="button" class="secondary" data-testid="zoom-in" aria-label=move || tx::t().zoom_in on:click=move |_| zoom_centre(1.25)>"+"</button>
            <button type="button" class="secondary" data-testid="zoom-fit" on:click=move |_| fit()>{move || tx::t().zoom_fit}</button>
            <span class="hint">{move || tx::t().hint}</span>
        </div>
        <div class="graph-frame" node_ref=frame data-testid="graph" style:height=move || format!("{:.0}px", frame_h.get())>
            <svg
                width="100%"
                height=move || format!("{:.0}", frame_h.get())
                viewBox=view_box
                role="group"
                aria-label=move || store.cells.with(|c| fill(tx::t().graph_name, &[&c.len()]))
                data-testid="graph-svg"
                node_ref=svg
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrow"/>
                    </marker>
                </defs>
                <g class="edges">{routes}</g>
                // Keyed by box, not position: a relayout (the frame resized) moves the boxes.
                <For each=cells key=|(i, cell, _)| (*i, cell.key.get_value()) let:item>
                    {
                        let (index, cell, _) = item;
                        let transform = move || layout.with(|l| l.boxes.get(index).map(|b| format!("translate({:.1},{:.1})", b.x, b.y)).unwrap_or_default());
                        let data = cell.data;
                        let is_selected = move || selected.get().is_some_and(|s| data.with(|d| d.node_id == s));
                        let choose = move || on_select.run(data.with_untracked(|d| (d.node_id.clone(), (d.key != d.node_id).then(|| d.key.clone()))));
                        let lines = move || data.with(|d| wrap(&d.title, m.title_chars, m.title_lines));
                        view! {
                            <g
                                class=move || format!("box state-{}{}", data.with(|d| d.state.as_str().to_ascii_lowercase()), if is_selected() { " selected" } else { "" })
                                transform=transform
                                data-testid="graph-node"
                                data-state=move || data.with(|d| d.state.as_str())
                                data-name=move || data.with(|d| d.title.clone())
                                tabindex="0"
                                role="button"
                                aria-label=move || data.with(accessible_name)
                                aria-pressed=move || if is_selected() { "true" } else { "false" }
                                on:click=move |_| { if !dragged() { choose() } }
                                on:keydown=move |e| {
                                    match e.key().as_str() {
                                        "Enter" | " " => { e.prevent_default(); choose() }
                                        // Arrows go along the layers and within one (steps.rs).
                                        key @ ("ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" | "Home" | "End") => {
                                            e.prevent_default();
                                            if let Some(to) = layout.with_untracked(|l| super::steps::step_from(&l.boxes, index, key)) { step_to(to) }
                                        }
                                        _ => {}
                                    }
                                }
                                data-index=index.to_string()
                                on:focus=move |_| { tip.set(Some(index)); reveal(index) }
                                on:blur=move |_| tip.set(None)
                                on:mouseenter=move |_| tip.set(Some(index))
                                on:mouseleave=move |_| { if tip.get_untracked() == Some(index) { tip.set(None) } }
                            >
                                <rect width=m.width height=m.height rx="8"/>
                                <text class="title" data-testid="graph-title">{move || {
                                    let lines = lines();
                                    // One line sits lower, two fill the top of the box.
                                    let first = if lines.len() > 1 { 19.0 } else { 26.0 };
                                    // A space between the lines: the text reads as the title's words.
                                    lines.into_iter().enumerate().map(|(n, line)| view! {
                                        {(n > 0).then_some(" ")}
                                        <tspan x="10" y=format!("{:.0}", first + 16.0 * n as f64)>{line}</tspan>
                                    }).collect_view()
                                }}</text>
                            </g>
                            // The box's details are drawn over it but are not part of the button: its
                            // name ("step 3: Alter tenant locality, RUNNING") holds the words it shows
                            // (WCAG 2.5.3), and the node panel and the tooltip say the rest.
                            <g class="box-details" transform=transform aria-hidden="true">
                                <text x="10" y="58" class="sub">{move || data.with(subtitle_text)}</text>
                                <text x="10" y="75" class="cue">{move || data.with(|d| {
                                    let (glyph, word) = state_cue(d.state);
                                    format!("{glyph} {word} · {}", operator_label(d.operator))
                                })}</text>
                            </g>
                        }
                    }
                </For>
            </svg>
            {tip_view}
        </div>
        <super::steps::StepsList store=store/>
    }
}
