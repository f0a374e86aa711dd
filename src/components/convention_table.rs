use flopcast_core::estimate::Estimate;
use flopcast_core::format;
use flopcast_core::scenario::{Change, Scenario};
use leptos::prelude::*;

/// Every counting convention side by side, with its difference from the
/// chosen one; a click chooses another.
#[component]
pub fn ConventionTable(
    #[prop(into)] estimate: Signal<Estimate>,
    #[prop(into)] scenario: Signal<Scenario>,
    edit: Callback<Change>,
) -> impl IntoView {
    // Only S and the token count change these rows; MFU, count and price do not.
    let rows = Memo::new(move |_| estimate.with(|e| e.conventions.clone()));
    let seq_len = Memo::new(move |_| estimate.with(|e| e.seq_len));
    view! {
        <section aria-labelledby="conventions-title">
            <h3 id="conventions-title">"Counting conventions side by side"</h3>
            <div class="table-wrap">
                <table data-testid="table-conventions">
                    <caption>
                        "They differ by up to 2× on attention. The chosen one feeds time and cost; "
                        "S = " {move || format::grouped_u64(seq_len.get())} "."
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Convention"</th>
                            <th scope="col">"Forward FLOPs/token"</th>
                            <th scope="col">"Training FLOPs/token"</th>
                            <th scope="col">"Training FLOPs"</th>
                            <th scope="col">"vs chosen"</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let chosen = scenario.with(|s| s.convention);
                            rows.with(|rows| rows.iter().map(|c| {
                                let convention = c.convention;
                                let is_chosen = convention == chosen;
                                let diff = if is_chosen { "chosen".to_string() } else { format!("{:+.1} %", c.vs_chosen * 100.0) };
                                view! {
                                    <tr class:current=is_chosen data-convention=convention.key()>
                                        <th scope="row">{convention.label()}</th>
                                        <td class="num">{format::flops(c.forward_per_token)}</td>
                                        <td class="num">{format::flops(c.training_per_token)}</td>
                                        <td class="num">{format::flops(c.training_flops)}</td>
                                        <td class="num">{diff}</td>
                                        <td>
                                            <button type="button" class="link-button" disabled=is_chosen
                                                on:click=move |_| edit.run(Change::Convention(convention))>"Use"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view())
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
