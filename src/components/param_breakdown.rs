use flopcast_core::format;
use flopcast_core::params::ParamCounts;
use leptos::prelude::*;

/// Where the parameters are: by component in total, then per kind of layer.
#[component]
pub fn ParamBreakdown(#[prop(into)] params: Signal<ParamCounts>) -> impl IntoView {
    let rows = move || {
        params.with(|p| {
            let c = &p.breakdown;
            let total = p.total.max(1) as f64;
            [
                ("Embeddings (token, position, type)", c.embeddings),
                ("Attention", c.attention),
                ("State-space / linear attention", c.mixer),
                ("MLP", c.mlp),
                ("Routed experts", c.experts),
                ("Shared experts", c.shared_experts),
                ("Routers", c.router),
                ("Norms", c.norms),
                ("Output head", c.head),
                ("Other", c.other),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| {
                (
                    name,
                    format::grouped_u64(n),
                    format::percent(n as f64 / total),
                )
            })
            .collect::<Vec<_>>()
        })
    };
    view! {
        <section aria-labelledby="params-title">
            <h3 id="params-title">"Parameters"</h3>
            <div class="table-wrap">
                <table data-testid="table-params">
                    <caption>
                        "Exact counts, as PyTorch reports them for the real implementation. Non-embedding (Kaplan's N): "
                        {move || params.with(|p| format::grouped_u64(p.non_embedding))}
                        "; output head: "
                        {move || params.with(|p| if p.head == 0 { "tied to the input embedding".to_string() } else { format::grouped_u64(p.head) })}
                        "."
                    </caption>
                    <thead><tr><th scope="col">"Component"</th><th scope="col">"Parameters"</th><th scope="col">"Share"</th></tr></thead>
                    <tbody>
                        {move || rows().into_iter().map(|(name, n, share)| view! {
                            <tr><th scope="row">{name}</th><td class="num">{n}</td><td class="num">{share}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row">"Total"</th><td class="num">{move || params.with(|p| format::grouped_u64(p.total))}</td><td></td></tr>
                        <tr><th scope="row">"Active per token"</th><td class="num">{move || params.with(|p| format::grouped_u64(p.active))}</td><td></td></tr>
                    </tfoot>
                </table>
            </div>
            <div class="table-wrap">
                <table data-testid="table-layers">
                    <caption>"Per kind of layer"</caption>
                    <thead><tr><th scope="col">"Layers"</th><th scope="col">"Count"</th><th scope="col">"Parameters each"</th><th scope="col">"Active each"</th></tr></thead>
                    <tbody>
                        {move || params.with(|p| p.layers.iter().map(|l| view! {
                            <tr>
                                <th scope="row">{l.label.clone()}</th>
                                <td class="num">{l.count}</td>
                                <td class="num">{format::grouped_u64(l.per_layer.total())}</td>
                                <td class="num">{format::grouped_u64(l.active_per_layer)}</td>
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
            <ul class="approximations">
                {move || params.with(|p| p.approximations.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view())}
            </ul>
        </section>
    }
}
