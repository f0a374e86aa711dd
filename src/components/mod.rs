//! The page's components, one per file, each a noun.

mod bar_chart;
mod breakdowns;
mod convention_table;
mod count_table;
mod edit_notices;
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
mod result_summary;
mod scenario_form;
mod share_bar;
mod time_cost_table;
mod validation_view;
// Issue 16: energy and emissions.
mod energy_fields;
mod energy_figures;
mod energy_runs;
mod energy_section;
mod energy_table;

pub use bar_chart::{Bar, BarChart};
pub use breakdowns::Breakdowns;
pub use convention_table::ConventionTable;
pub use count_table::CountTable;
pub use edit_notices::EditNotices;
pub use energy_fields::EnergyFields;
pub use energy_runs::energy_runs;
pub use energy_section::EnergySection;
pub use energy_table::EnergyTable;
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
pub use result_summary::ResultSummary;
pub use scenario_form::ScenarioForm;
pub use share_bar::ShareBar;
pub use time_cost_table::TimeCostTable;
pub use validation_view::ValidationView;

// Memory & layout (issue 15): a lazy section and its parts.
mod layout_fields;
mod layout_list;
mod memory_bar;
mod memory_fields;
mod memory_section;
mod memory_table;

pub use layout_fields::LayoutFields;
pub use layout_list::LayoutList;
pub use memory_bar::MemoryBar;
pub use memory_fields::MemoryFields;
pub use memory_section::MemorySection;
pub use memory_table::MemoryTable;
