//! Containers for one infusion: how many vials or bags to thaw, the cells they hold, the
//! cells left, the volume to draw and the dilution, for each way a product is packed. A
//! product dosed by weight band (Obnitix) gives its band's bags whole; every other
//! product gives weight × dose per kg from whole containers rounded up.

use crate::domain::format::{number, scientific};

use super::product::{Packaging, ProductId, ProductInfo, WeightBand};
use super::warnings::{dose_against_label, weight_between_bands, Warning};
use super::{plural, round_to, Figure, PlanError, PlanLine, Provenance};

/// Containers to thaw for one infusion.
#[derive(Clone, Debug, PartialEq)]
pub struct Containers {
    /// How many, and what ("3 vials", "2 × Obnitix 60 (6 × 10⁷ cells each)").
    pub count: u32,
    pub description: String,
    pub cells_thawed: f64,
    /// Cells thawed but not given (0 when the dose uses all of them).
    pub cells_left: f64,
    /// Whether the whole content of every container is the dose (Obnitix): nothing is
    /// drawn and nothing is left.
    pub whole_content: bool,
    /// Volume of product to draw for the dose, mL (None when the product's volume is not
    /// among its labelled figures, or the whole content is given).
    pub volume_ml: Option<f64>,
    /// Total volume after the labelled dilution of the thawed containers, mL.
    pub diluted_ml: Option<f64>,
}

/// Containers for `cells` when each holds `per_container` (whole containers; a container
/// needed for less than a billionth of its content is not counted).
pub fn containers_needed(cells: f64, per_container: f64) -> u32 {
    if cells <= 0.0 || per_container <= 0.0 || !cells.is_finite() || !per_container.is_finite() {
        return 0;
    }
    let exact = cells / per_container;
    let rounded = exact.round();
    let count = if (exact - rounded).abs() < 1e-9 {
        rounded
    } else {
        exact.ceil()
    };
    count.min(f64::from(u32::MAX)) as u32
}

/// The band a weight gets, for a product dosed by weight band.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandDose {
    pub band: WeightBand,
    /// Cells per infusion: the whole content of the band's bags.
    pub cells: f64,
    /// The dose per kg the bags give at this weight (derived).
    pub dose_per_kg: f64,
    /// For a weight between two printed bands: the neighbouring band not chosen.
    pub other: Option<WeightBand>,
}

/// The band for `kg`. A weight within a printed band gets that band; a weight between
/// two bands (30.5 kg) gets the neighbour whose bags keep the dose per kg within the
/// label (the upper one if both do, which the printed table always gives); a weight
/// outside every band gets none.
pub fn choose_band(
    info: &ProductInfo,
    bands: &[WeightBand],
    kg: f64,
) -> Result<BandDose, PlanError> {
    let dose = |band: &WeightBand| BandDose {
        band: *band,
        cells: band.cells(),
        dose_per_kg: band.cells() / kg,
        other: None,
    };
    if let Some(band) = bands.iter().find(|b| b.contains(kg)) {
        return Ok(dose(band));
    }
    let within = |band: &WeightBand| {
        let per_kg = band.cells() / kg;
        let (low, high) = info.labelled_dose;
        per_kg >= low * (1.0 - 1e-9) && per_kg <= high * (1.0 + 1e-9)
    };
    for pair in bands.windows(2) {
        let (lower, upper) = (&pair[0], &pair[1]);
        if kg > lower.high_kg && kg < upper.low_kg {
            let (chosen, other) = if within(upper) || !within(lower) {
                (upper, lower)
            } else {
                (lower, upper)
            };
            return Ok(BandDose {
                other: Some(*other),
                ..dose(chosen)
            });
        }
    }
    let low = bands.first().map_or(0.0, |b| b.low_kg);
    let high = bands.last().map_or(0.0, |b| b.high_kg);
    Err(PlanError::WeightOutsideBands {
        product: info.name,
        kg,
        low,
        high,
    })
}

/// The band dose of `id` at `kg`, or None when the product is not dosed by weight band.
pub fn band_dose(id: ProductId, kg: f64) -> Option<Result<BandDose, PlanError>> {
    let info = super::product(id)?;
    match info.packaging {
        Packaging::WeightBands(bands) => Some(choose_band(&info, bands, kg)),
        _ => None,
    }
}

/// Packaging filled per kg: whole containers for weight × dose per kg.
enum PerKg {
    Vial {
        cells_per_ml: f64,
        ml_per_vial: f64,
    },
    Bag {
        cells_per_bag: f64,
        ml_per_bag: f64,
        diluent_ml: f64,
    },
    Custom {
        cells_per_container: f64,
        ml_per_container: f64,
    },
}

/// What packing one infusion gives the plan.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Packed {
    pub dose_per_kg: f64,
    pub dose_provenance: Provenance,
    pub cells_per_infusion: f64,
    pub containers: Containers,
    pub lines: Vec<PlanLine>,
    pub steps: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl PerKg {
    /// The packaging filled per kg, or the bands of one dosed by weight band.
    fn of(packaging: &Packaging) -> Result<PerKg, &'static [WeightBand]> {
        Ok(match *packaging {
            Packaging::WeightBands(bands) => return Err(bands),
            Packaging::Vial {
                cells_per_ml,
                ml_per_vial,
            } => PerKg::Vial {
                cells_per_ml,
                ml_per_vial,
            },
            Packaging::Bag {
                cells_per_bag,
                ml_per_bag,
                diluent_ml,
            } => PerKg::Bag {
                cells_per_bag,
                ml_per_bag,
                diluent_ml,
            },
            Packaging::Custom {
                cells_per_container,
                ml_per_container,
            } => PerKg::Custom {
                cells_per_container,
                ml_per_container,
            },
        })
    }

    /// The cells one container holds and its name (one, many, heading), with the step and
    /// plan line that say where the figure comes from.
    fn content(
        &self,
        steps: &mut Vec<String>,
        lines: &mut Vec<PlanLine>,
    ) -> (f64, (&'static str, &'static str, &'static str)) {
        match self {
            PerKg::Vial {
                cells_per_ml,
                ml_per_vial,
            } => {
                let per_vial = cells_per_ml * ml_per_vial;
                steps.push(format!(
                    "Cells per vial = {} MSC/mL × {} mL = {} (derived from the labelled strength and volume)",
                    scientific(*cells_per_ml), number(*ml_per_vial), scientific(per_vial)
                ));
                lines.push(PlanLine::new(
                    Figure::CellsPerContainer,
                    format!("{} cells per vial", scientific(per_vial)),
                    Provenance::Derived,
                    "labelled strength × labelled volume per vial",
                ));
                (per_vial, ("vial", "vials", "Vials"))
            }
            PerKg::Bag {
                cells_per_bag,
                ml_per_bag,
                ..
            } => {
                lines.push(PlanLine::new(
                    Figure::CellsPerContainer,
                    format!(
                        "{} cells per {} mL bag",
                        scientific(*cells_per_bag),
                        number(*ml_per_bag)
                    ),
                    Provenance::Label,
                    "the labelled content of a bag",
                ));
                (*cells_per_bag, ("bag", "bags", "Bags"))
            }
            PerKg::Custom {
                cells_per_container,
                ml_per_container,
            } => {
                lines.push(PlanLine::new(
                    Figure::CellsPerContainer,
                    format!(
                        "{} cells per {} mL container",
                        scientific(*cells_per_container),
                        number(*ml_per_container)
                    ),
                    Provenance::User,
                    "typed for the custom product",
                ));
                (
                    *cells_per_container,
                    ("container", "containers", "Containers"),
                )
            }
        }
    }

    /// The volume of product that holds `cells`, and for a bag the volume once diluted as
    /// labelled, with their steps and plan lines.
    fn volumes(
        &self,
        cells: f64,
        steps: &mut Vec<String>,
        lines: &mut Vec<PlanLine>,
    ) -> (f64, Option<f64>) {
        match self {
            PerKg::Vial { cells_per_ml, .. } => {
                let volume = cells / cells_per_ml;
                steps.push(format!(
                    "Volume to draw = {} / {} MSC/mL = {} mL",
                    scientific(cells),
                    scientific(*cells_per_ml),
                    number(round_to(volume, 2))
                ));
                (volume, None)
            }
            PerKg::Bag {
                cells_per_bag,
                ml_per_bag,
                diluent_ml,
            } => {
                let volume = cells / (cells_per_bag / ml_per_bag);
                let diluted_per_bag = ml_per_bag + diluent_ml;
                let diluted = cells / (cells_per_bag / diluted_per_bag);
                steps.push(format!(
                    "Volume of product for the dose = {} / ({} / {} mL) = {} mL",
                    scientific(cells),
                    scientific(*cells_per_bag),
                    number(*ml_per_bag),
                    number(round_to(volume, 2))
                ));
                steps.push(format!(
                    "Each bag diluted with {} mL saline = {} mL per bag; the dose is {} mL of the diluted suspension",
                    number(*diluent_ml), number(diluted_per_bag), number(round_to(diluted, 2))
                ));
                lines.push(PlanLine::new(
                    Figure::Diluent,
                    format!("{} mL saline per bag", number(*diluent_ml)),
                    Provenance::Label,
                    "the labelled dilution",
                ));
                lines.push(PlanLine::new(
                    Figure::DilutedVolume,
                    format!("{} mL", number(round_to(diluted, 2))),
                    Provenance::Derived,
                    "cells / (cells per bag / (bag volume + diluent))",
                ));
                (volume, Some(diluted))
            }
            PerKg::Custom {
                cells_per_container,
                ml_per_container,
            } => {
                let volume = cells / (cells_per_container / ml_per_container);
                steps.push(format!(
                    "Volume to draw = {} / ({} / {} mL) = {} mL",
                    scientific(cells),
                    scientific(*cells_per_container),
                    number(*ml_per_container),
                    number(round_to(volume, 2))
                ));
                (volume, None)
            }
        }
    }
}

/// Packs one infusion of `packaging` (of product `info`, None for the custom product) for
/// a patient of `kg` with the dose per kg the user typed (`typed`, unused by a product
/// dosed by weight band).
pub(super) fn pack(
    info: Option<&ProductInfo>,
    packaging: &Packaging,
    kg: f64,
    typed: Option<f64>,
) -> Result<Packed, PlanError> {
    // Containers filled per kg; a product dosed by weight band is packed by its band.
    let packaging = match PerKg::of(packaging) {
        Ok(per_kg) => per_kg,
        Err(bands) => {
            let info = info.ok_or(PlanError::MissingCustomContainer)?;
            return by_band(info, bands, kg);
        }
    };
    let dose = typed.ok_or(PlanError::MissingDose)?;
    let cells = kg * dose;
    let dose_provenance = match info {
        Some(info) if (dose - info.labelled_dose.1).abs() <= info.labelled_dose.1 * 1e-9 => {
            Provenance::Label
        }
        _ => Provenance::User,
    };
    let mut steps = vec![format!(
        "Cells per infusion = {} kg × {} cells/kg = {} cells",
        number(round_to(kg, 2)),
        scientific(dose),
        scientific(cells)
    )];
    let mut lines = vec![PlanLine::new(
        Figure::CellsPerInfusion,
        format!("{} cells", scientific(cells)),
        Provenance::Derived,
        "weight × dose per kg",
    )];
    let warnings: Vec<Warning> = info
        .and_then(|info| dose_against_label(info, dose, false))
        .into_iter()
        .collect();
    let (per_container, unit) = packaging.content(&mut steps, &mut lines);
    let (count, thawed, left) =
        count_containers(cells, per_container, unit, &mut steps, &mut lines);
    let (one, many, _) = unit;
    let (volume, diluted) = packaging.volumes(cells, &mut steps, &mut lines);
    lines.push(PlanLine::new(
        Figure::VolumeToDraw,
        format!("{} mL", number(round_to(volume, 2))),
        Provenance::Derived,
        "cells / cells per mL",
    ));
    Ok(Packed {
        dose_per_kg: dose,
        dose_provenance,
        cells_per_infusion: cells,
        containers: Containers {
            count,
            description: plural(count, one, many),
            cells_thawed: thawed,
            cells_left: left,
            whole_content: false,
            volume_ml: Some(volume),
            diluted_ml: diluted,
        },
        lines,
        steps,
        warnings,
    })
}

/// Whole containers for `cells`, the cells they hold and the cells left over, with the
/// steps and plan lines that derive them.
fn count_containers(
    cells: f64,
    per_container: f64,
    (one, many, heading): (&str, &str, &str),
    steps: &mut Vec<String>,
    lines: &mut Vec<PlanLine>,
) -> (u32, f64, f64) {
    let count = containers_needed(cells, per_container);
    let thawed = f64::from(count) * per_container;
    steps.push(format!(
        "{heading} = ceil({} / {}) = {count} (derived: ceil(cells / cells per {one}))",
        scientific(cells),
        scientific(per_container)
    ));
    lines.push(PlanLine::new(
        Figure::Containers,
        plural(count, one, many),
        Provenance::Derived,
        match one {
            "vial" => "ceil(cells / cells per vial)",
            "bag" => "ceil(cells / cells per bag)",
            _ => "ceil(cells / cells per container)",
        },
    ));
    let left = (thawed - cells).max(0.0);
    steps.push(format!(
        "Cells thawed but not given = {} − {} = {}",
        scientific(thawed),
        scientific(cells),
        scientific(left)
    ));
    lines.push(PlanLine::new(
        Figure::CellsLeft,
        format!("{} cells", scientific(left)),
        Provenance::Derived,
        "cells thawed − cells per infusion",
    ));
    (count, thawed, left)
}

/// "2 × Obnitix 60 (6 × 10⁷ cells each)", "1 × Obnitix 90 (9 × 10⁷ cells)".
fn bags_description(band: &WeightBand) -> String {
    let same = band.bags.windows(2).all(|w| w[0] == w[1]);
    match (band.bags, same) {
        ([one], _) => format!("{} ({} cells)", band.bags_text(), scientific(one.cells)),
        ([first, ..], true) => format!(
            "{} ({} cells each)",
            band.bags_text(),
            scientific(first.cells)
        ),
        _ => format!("{} ({} cells)", band.bags_text(), scientific(band.cells())),
    }
}

/// A product dosed by weight band: the band's bags are the dose, given whole.
fn by_band(info: &ProductInfo, bands: &[WeightBand], kg: f64) -> Result<Packed, PlanError> {
    let chosen = choose_band(info, bands, kg)?;
    let band = &chosen.band;
    let band_text = format!("{}–{} kg", number(band.low_kg), number(band.high_kg));
    let mut warnings = Vec::new();
    if let Some(other) = &chosen.other {
        warnings.push(weight_between_bands(info, kg, band, other));
    }
    warnings.extend(dose_against_label(info, chosen.dose_per_kg, true));
    let count = band.bags.len() as u32;
    let description = bags_description(band);
    let steps = vec![
        format!(
            "Weight band {band_text} → {} (the label's bags for the band)",
            band.bags_text()
        ),
        format!(
            "Cells per infusion = {} = {} cells: the whole content, infused undiluted; nothing is left",
            band.bags
                .iter()
                .map(|b| scientific(b.cells))
                .collect::<Vec<_>>()
                .join(" + "),
            scientific(chosen.cells)
        ),
        format!(
            "Dose per kg = {} / {} kg = {} cells/kg (derived; the label's range is {} cells/kg)",
            scientific(chosen.cells),
            number(round_to(kg, 2)),
            scientific(chosen.dose_per_kg),
            super::warnings::labelled_range(info)
        ),
    ];
    let lines = vec![
        PlanLine::new(
            Figure::Containers,
            description.clone(),
            Provenance::Label,
            "the label's bags for the weight band",
        ),
        PlanLine::new(
            Figure::CellsPerInfusion,
            format!("{} cells", scientific(chosen.cells)),
            Provenance::Derived,
            "the whole content of the band's bags",
        ),
        PlanLine::new(
            Figure::CellsLeft,
            "none: the whole content is infused".to_string(),
            Provenance::Label,
            "the label gives the whole content of the bags",
        ),
    ];
    Ok(Packed {
        dose_per_kg: chosen.dose_per_kg,
        dose_provenance: Provenance::Derived,
        cells_per_infusion: chosen.cells,
        containers: Containers {
            count,
            description,
            cells_thawed: chosen.cells,
            cells_left: 0.0,
            whole_content: true,
            volume_ml: None,
            diluted_ml: None,
        },
        lines,
        steps,
        warnings,
    })
}
