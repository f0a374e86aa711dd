//! The page's components, one per file, each a noun.

mod bar_chart;
mod convention_table;
mod count_table;
mod explainer;
mod flops_breakdown;
mod gpu_table;
mod hardware_fields;
mod headline;
mod link_notices;
mod manual_dims;
mod model_input;
mod number_field;
mod param_breakdown;
mod price_field;
mod scenario_form;
mod share_bar;
mod time_cost_table;
mod validation_view;

pub use bar_chart::{Bar, BarChart};
pub use convention_table::ConventionTable;
pub use count_table::CountTable;
pub use explainer::Explainer;
pub use flops_breakdown::FlopsBreakdown;
pub use gpu_table::GpuTable;
pub use hardware_fields::HardwareFields;
pub use headline::Headline;
pub use link_notices::LinkNotices;
pub use manual_dims::ManualDims;
pub use model_input::ModelInput;
pub use number_field::{applier, NumberField};
pub use param_breakdown::ParamBreakdown;
pub use price_field::PriceField;
pub use scenario_form::ScenarioForm;
pub use share_bar::ShareBar;
pub use time_cost_table::TimeCostTable;
pub use validation_view::ValidationView;
