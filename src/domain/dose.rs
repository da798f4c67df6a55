//! The dose calculator: weight × cells/kg for a product → cells per infusion, containers to
//! thaw, cells left over, volume to draw, cells per course and a dated infusion calendar
//! with the labelled Day-28 assessment and continuation, plus warnings with their reason
//! and every step of the arithmetic. Labelled figures are product figures (see
//! `ProductInfo::source`), never taken from the review.

use std::fmt;

use crate::domain::date::Date;
use crate::domain::format::{number, scientific};

/// The products the calculator knows, and a custom one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProductId {
    Ryoncil,
    Temcell,
    Obnitix,
    Custom,
}

impl ProductId {
    pub const ALL: [ProductId; 4] = [
        ProductId::Ryoncil,
        ProductId::Temcell,
        ProductId::Obnitix,
        ProductId::Custom,
    ];

    /// Identifier in links and forms.
    pub fn key(self) -> &'static str {
        match self {
            ProductId::Ryoncil => "ryoncil",
            ProductId::Temcell => "temcell",
            ProductId::Obnitix => "obnitix",
            ProductId::Custom => "custom",
        }
    }

    pub fn from_key(key: &str) -> Option<ProductId> {
        ProductId::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// How a product is packed.
#[derive(Clone, Debug, PartialEq)]
pub enum Packaging {
    /// Vials of a fixed strength and volume (Ryoncil).
    Vial { cells_per_ml: f64, ml_per_vial: f64 },
    /// Bags of a fixed content, diluted before infusion (TEMCELL).
    Bag {
        cells_per_bag: f64,
        ml_per_bag: f64,
        diluent_ml: f64,
    },
    /// Bags chosen by the patient's weight (Obnitix): (lowest kg, highest kg, bags).
    WeightBands(Vec<(f64, f64, Vec<f64>)>),
    /// Typed by the user.
    Custom {
        cells_per_container: f64,
        ml_per_container: f64,
    },
}

/// The labelled schedule of a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSchedule {
    /// Twice weekly, at least 3 days apart, for 4 weeks; Day-28 assessment; complete
    /// response: stop; partial or mixed: once weekly 4 more weeks; recurrence after
    /// complete response: twice weekly 4 more weeks (Ryoncil).
    TwiceWeeklyWithDay28Assessment,
    /// Twice weekly, at least 3 days apart, for 4 weeks, optionally once weekly for 4
    /// more weeks (TEMCELL).
    TwiceWeeklyOptionalWeekly,
    /// Days 1, 8, 15 and 22 (Obnitix).
    Weekly4,
    /// No label: the user's schedule.
    None,
}

/// Who a product is labelled for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Population {
    /// Children from 2 months of age (Ryoncil).
    ChildrenFrom2Months,
}

/// A product with its labelled figures and where they come from.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductInfo {
    pub id: ProductId,
    pub name: &'static str,
    pub generic: &'static str,
    /// Labelled dose per kg: (lowest, highest) cells/kg.
    pub labelled_dose: Option<(f64, f64)>,
    pub packaging: Packaging,
    pub schedule: LabelSchedule,
    /// Shortest interval between infusions the label allows, in days.
    pub min_interval_days: Option<u32>,
    pub population: Option<Population>,
    /// Where the labelled figures come from.
    pub source: &'static str,
    /// The figures as the app states them, for display next to the plan.
    pub figures: &'static [&'static str],
}

/// The labelled products (figures from the product brief; each product lists its source).
pub fn product(id: ProductId) -> Option<ProductInfo> {
    match id {
        ProductId::Ryoncil => Some(ProductInfo {
            id,
            name: "Ryoncil",
            generic: "remestemcel-L",
            labelled_dose: Some((2e6, 2e6)),
            packaging: Packaging::Vial { cells_per_ml: 6.68e6, ml_per_vial: 3.8 },
            schedule: LabelSchedule::TwiceWeeklyWithDay28Assessment,
            min_interval_days: Some(3),
            population: Some(Population::ChildrenFrom2Months),
            source: "Ryoncil (remestemcel-L) US prescribing information, as summarised in the MSC·HSCT product brief",
            figures: &[
                "2 × 10⁶ MSC/kg per IV infusion",
                "twice weekly for 4 weeks, infusions at least 3 days apart",
                "Day-28 assessment: complete response → stop; partial or mixed response → once weekly for 4 more weeks; recurrence after complete response → twice weekly for 4 more weeks",
                "6.68 × 10⁶ MSC/mL, 3.8 mL per vial (about 25.4 × 10⁶ MSC per vial)",
                "pediatric patients 2 months of age and older",
            ],
        }),
        ProductId::Temcell => Some(ProductInfo {
            id,
            name: "TEMCELL HS Inj.",
            generic: "JR-031",
            labelled_dose: Some((2e6, 2e6)),
            packaging: Packaging::Bag { cells_per_bag: 72e6, ml_per_bag: 10.8, diluent_ml: 18.0 },
            schedule: LabelSchedule::TwiceWeeklyOptionalWeekly,
            min_interval_days: Some(3),
            population: None,
            source: "TEMCELL HS Inj. (JR-031) Japanese package insert, as summarised in the MSC·HSCT product brief",
            figures: &[
                "2 × 10⁶ cells/kg per dose",
                "twice weekly, at least 3 days apart, for 4 weeks; optionally once weekly for 4 more weeks",
                "72 × 10⁶ cells per 10.8 mL bag, diluted with 18 mL saline",
            ],
        }),
        ProductId::Obnitix => Some(ProductInfo {
            id,
            name: "Obnitix",
            generic: "MSC-FFM",
            labelled_dose: Some((1e6, 2e6)),
            packaging: Packaging::WeightBands(vec![
                (15.0, 30.0, vec![30e6]),
                (31.0, 60.0, vec![60e6]),
                (61.0, 90.0, vec![90e6]),
                (91.0, 120.0, vec![60e6, 60e6]),
            ]),
            schedule: LabelSchedule::Weekly4,
            min_interval_days: Some(7),
            population: None,
            source: "Obnitix (MSC-FFM) product information, as summarised in the MSC·HSCT product brief",
            figures: &[
                "1–2 × 10⁶ cells/kg on days 1, 8, 15 and 22",
                "bags by weight: 15–30 kg one 30 × 10⁶; 31–60 kg one 60 × 10⁶; 61–90 kg one 90 × 10⁶; 91–120 kg two 60 × 10⁶",
                "weights outside 15–120 kg are outside the label",
            ],
        }),
        ProductId::Custom => None,
    }
}

/// The patient's age group, as far as the label cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgeBand {
    /// Younger than 2 months.
    Infant,
    /// 2 months to 17 years.
    Child,
    /// 18 years and older.
    Adult,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::Infant, AgeBand::Child, AgeBand::Adult];

    pub fn key(self) -> &'static str {
        match self {
            AgeBand::Infant => "infant",
            AgeBand::Child => "child",
            AgeBand::Adult => "adult",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Infant => "younger than 2 months",
            AgeBand::Child => "2 months to 17 years",
            AgeBand::Adult => "18 years or older",
        }
    }

    pub fn from_key(key: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// The schedule to plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleChoice {
    /// The product's labelled schedule.
    Label,
    /// A number of infusions every so many days.
    Custom { infusions: u32, interval_days: u32 },
}

/// Everything the plan needs, already parsed and validated field by field.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanInput {
    pub weight_kg: f64,
    pub age: AgeBand,
    pub dose_per_kg: f64,
    pub product: ProductId,
    /// For the custom product: cells and mL per container.
    pub custom_container: Option<(f64, f64)>,
    pub schedule: ScheduleChoice,
    pub start: Date,
}

/// Why no plan can be made (field errors are reported before this, by the parsers).
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// The custom product needs cells and mL per container.
    MissingCustomContainer,
    /// A custom schedule needs the label's schedule or a custom one on a custom product.
    NoSchedule,
    /// Infusions or interval outside what the calculator plans.
    ScheduleOutOfRange { infusions: u32, interval_days: u32 },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::MissingCustomContainer => {
                write!(f, "Enter the cells and the volume per container of the custom product.")
            }
            PlanError::NoSchedule => {
                write!(f, "A custom product has no labelled schedule: choose a custom schedule.")
            }
            PlanError::ScheduleOutOfRange { infusions, interval_days } => write!(
                f,
                "{infusions} infusions every {interval_days} days is outside what the calculator plans (1–52 infusions, every 1–60 days)."
            ),
        }
    }
}

/// Containers to thaw for one infusion.
#[derive(Clone, Debug, PartialEq)]
pub struct Containers {
    /// How many, and what ("3 vials", "1 bag of 90 × 10⁶").
    pub count: u32,
    pub description: String,
    pub cells_thawed: f64,
    /// Cells thawed but not given (0 when the dose uses all of them).
    pub cells_left: f64,
    /// Volume of product to draw for the dose, mL (None when the product's volume is not
    /// among its labelled figures).
    pub volume_ml: Option<f64>,
    /// Total volume after the labelled dilution of the thawed containers, mL.
    pub diluted_ml: Option<f64>,
}

/// Why an infusion is in the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The first course.
    Course,
    /// A continuation that applies only under a condition stated by the label.
    Continuation { condition: &'static str },
}

/// One dated infusion.
#[derive(Clone, Debug, PartialEq)]
pub struct Infusion {
    /// 1-based number within its phase.
    pub number: u32,
    /// Day of treatment (start = day 1).
    pub day: i64,
    pub date: Date,
    pub phase: Phase,
}

/// A continuation branch after the Day-28 assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub condition: &'static str,
    pub action: &'static str,
    pub infusions: Vec<Infusion>,
}

impl Branch {
    /// The branch's infusion dates, comma separated ("" when it has none).
    pub fn dates_text(&self) -> String {
        self.infusions
            .iter()
            .map(|i| i.date.human())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A warning with its reason; never a silent change to the numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

/// Kinds of warnings, for tests and styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningKind {
    DoseAboveLabel,
    DoseBelowLabel,
    DoseOutsideStudied,
    WeightOutsideBands,
    WeightBetweenBands,
    DoseAboveBag,
    AgeOutsidePopulation,
    IntervalTooShort,
}

/// The computed plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub product_name: String,
    pub weight_kg: f64,
    pub dose_per_kg: f64,
    pub cells_per_infusion: f64,
    /// None when the label has no container for this weight (Obnitix outside its bands).
    pub containers: Option<Containers>,
    pub course: Vec<Infusion>,
    pub cells_per_course: f64,
    /// The Day-28 assessment (day, date), where the label has one.
    pub assessment: Option<(i64, Date)>,
    pub branches: Vec<Branch>,
    /// The arithmetic, one step per line.
    pub steps: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// Twice weekly, at least 3 days apart: days 1, 4, 8, 11, 15, 18, 22, 25 (Monday/Thursday
/// rhythm) and so on from `first_day`.
fn twice_weekly(first_day: i64, weeks: i64) -> Vec<i64> {
    (0..weeks)
        .flat_map(|w| [first_day + 7 * w, first_day + 7 * w + 3])
        .collect()
}

fn weekly(first_day: i64, weeks: i64) -> Vec<i64> {
    (0..weeks).map(|w| first_day + 7 * w).collect()
}

fn infusions(days: &[i64], start: Date, phase: Phase) -> Vec<Infusion> {
    days.iter()
        .enumerate()
        .map(|(i, day)| Infusion {
            number: i as u32 + 1,
            day: *day,
            date: start.add_days(day - 1),
            phase: phase.clone(),
        })
        .collect()
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

/// The Obnitix band for a weight: (band index, note when the weight falls between two
/// printed bands). None outside 15–120 kg.
fn weight_band(bands: &[(f64, f64, Vec<f64>)], kg: f64) -> Option<(usize, bool)> {
    for (index, (low, high, _)) in bands.iter().enumerate() {
        if (*low..=*high).contains(&kg) {
            return Some((index, false));
        }
        // Between this band's top and the next band's bottom (e.g. 30.5 kg).
        if let Some((next_low, _, _)) = bands.get(index + 1) {
            if kg > *high && kg < *next_low {
                return Some((index + 1, true));
            }
        }
    }
    None
}

/// Computes the plan.
pub fn plan(input: &PlanInput) -> Result<Plan, PlanError> {
    let info = product(input.product);
    let packaging = match (&info, input.custom_container) {
        (Some(info), _) => info.packaging.clone(),
        (None, Some((cells, ml))) => Packaging::Custom {
            cells_per_container: cells,
            ml_per_container: ml,
        },
        (None, None) => return Err(PlanError::MissingCustomContainer),
    };
    let product_name = info
        .as_ref()
        .map(|i| i.name.to_string())
        .unwrap_or_else(|| "Custom product".into());
    let kg = input.weight_kg;
    let dose = input.dose_per_kg;
    let cells = kg * dose;
    let mut steps = vec![format!(
        "Cells per infusion = {} kg × {} cells/kg = {} cells",
        number(round_to(kg, 2)),
        scientific(dose),
        scientific(cells)
    )];
    let mut warnings = Vec::new();

    let containers = match &packaging {
        Packaging::Vial {
            cells_per_ml,
            ml_per_vial,
        } => {
            let per_vial = cells_per_ml * ml_per_vial;
            let count = containers_needed(cells, per_vial);
            let thawed = f64::from(count) * per_vial;
            let volume = cells / cells_per_ml;
            steps.push(format!(
                "Cells per vial = {} MSC/mL × {} mL = {} (derived from the labelled strength and volume)",
                scientific(*cells_per_ml), number(*ml_per_vial), scientific(per_vial)
            ));
            steps.push(format!(
                "Vials = ceil({} / {}) = {count} (derived: ceil(cells / cells per vial))",
                scientific(cells),
                scientific(per_vial)
            ));
            steps.push(format!(
                "Volume to draw = {} / {} MSC/mL = {} mL",
                scientific(cells),
                scientific(*cells_per_ml),
                number(round_to(volume, 2))
            ));
            Some(Containers {
                count,
                description: plural(count, "vial", "vials"),
                cells_thawed: thawed,
                cells_left: (thawed - cells).max(0.0),
                volume_ml: Some(volume),
                diluted_ml: None,
            })
        }
        Packaging::Bag {
            cells_per_bag,
            ml_per_bag,
            diluent_ml,
        } => {
            let count = containers_needed(cells, *cells_per_bag);
            let thawed = f64::from(count) * cells_per_bag;
            let per_ml = cells_per_bag / ml_per_bag;
            let volume = cells / per_ml;
            let diluted_per_bag = ml_per_bag + diluent_ml;
            let diluted_volume = cells / (cells_per_bag / diluted_per_bag);
            steps.push(format!(
                "Bags = ceil({} / {}) = {count}",
                scientific(cells),
                scientific(*cells_per_bag)
            ));
            steps.push(format!(
                "Volume of product for the dose = {} / ({} / {} mL) = {} mL",
                scientific(cells),
                scientific(*cells_per_bag),
                number(*ml_per_bag),
                number(round_to(volume, 2))
            ));
            steps.push(format!(
                "Each bag diluted with {} mL saline = {} mL per bag; the dose is {} mL of the diluted suspension",
                number(*diluent_ml), number(diluted_per_bag), number(round_to(diluted_volume, 2))
            ));
            Some(Containers {
                count,
                description: plural(count, "bag", "bags"),
                cells_thawed: thawed,
                cells_left: (thawed - cells).max(0.0),
                volume_ml: Some(volume),
                diluted_ml: Some(diluted_volume),
            })
        }
        Packaging::WeightBands(bands) => {
            match weight_band(bands, kg) {
                None => {
                    warnings.push(Warning {
                    kind: WarningKind::WeightOutsideBands,
                    message: format!(
                        "{} kg is outside the label's weight bands (15–120 kg): the label names no bag for this weight.",
                        number(round_to(kg, 2))
                    ),
                });
                    steps.push("No labelled bag for this weight (bands 15–120 kg).".into());
                    None
                }
                Some((index, between)) => {
                    let (low, high, bags) = &bands[index];
                    if between {
                        warnings.push(Warning {
                        kind: WarningKind::WeightBetweenBands,
                        message: format!(
                            "{} kg falls between the label's bands (… {} kg and {}–{} kg); the plan uses the {}–{} kg band.",
                            number(round_to(kg, 2)),
                            number(bands[index - 1].1),
                            number(*low), number(*high), number(*low), number(*high)
                        ),
                    });
                    }
                    let thawed: f64 = bags.iter().sum();
                    let each = bags.first().copied().unwrap_or_default();
                    let count = bags.len() as u32;
                    let description = format!(
                        "{} of {} cells",
                        plural(count, "bag", "bags"),
                        scientific(each)
                    );
                    steps.push(format!(
                    "Weight band {}–{} kg → {description} = {} cells (the label's bag for the band)",
                    number(*low), number(*high), scientific(thawed)
                ));
                    steps.push(format!(
                        "Dose if the whole bag{} is given = {} / {} kg = {} cells/kg",
                        if count > 1 { "s are" } else { "" },
                        scientific(thawed),
                        number(round_to(kg, 2)),
                        scientific(thawed / kg)
                    ));
                    if cells > thawed * (1.0 + 1e-9) {
                        warnings.push(Warning {
                            kind: WarningKind::DoseAboveBag,
                            message: format!(
                            "{} cells is more than the {} cells of the label's bag for {}–{} kg.",
                            scientific(cells), scientific(thawed), number(*low), number(*high)
                        ),
                        });
                    }
                    Some(Containers {
                        count,
                        description,
                        cells_thawed: thawed,
                        cells_left: (thawed - cells).max(0.0),
                        volume_ml: None,
                        diluted_ml: None,
                    })
                }
            }
        }
        Packaging::Custom {
            cells_per_container,
            ml_per_container,
        } => {
            let count = containers_needed(cells, *cells_per_container);
            let thawed = f64::from(count) * cells_per_container;
            let per_ml = cells_per_container / ml_per_container;
            let volume = cells / per_ml;
            steps.push(format!(
                "Containers = ceil({} / {}) = {count}",
                scientific(cells),
                scientific(*cells_per_container)
            ));
            steps.push(format!(
                "Volume to draw = {} / ({} / {} mL) = {} mL",
                scientific(cells),
                scientific(*cells_per_container),
                number(*ml_per_container),
                number(round_to(volume, 2))
            ));
            Some(Containers {
                count,
                description: plural(count, "container", "containers"),
                cells_thawed: thawed,
                cells_left: (thawed - cells).max(0.0),
                volume_ml: Some(volume),
                diluted_ml: None,
            })
        }
    };
    if let Some(c) = &containers {
        steps.push(format!(
            "Cells thawed but not given = {} − {} = {}",
            scientific(c.cells_thawed),
            scientific(cells),
            scientific(c.cells_left)
        ));
    }

    // Labelled dose and population.
    if let Some(info) = &info {
        if let Some((low, high)) = info.labelled_dose {
            let labelled = if low == high {
                scientific(high)
            } else {
                format!("{}–{}", scientific(low), scientific(high))
            };
            if dose > high * (1.0 + 1e-9) {
                warnings.push(Warning {
                    kind: WarningKind::DoseAboveLabel,
                    message: format!(
                        "{} cells/kg is above the labelled {} cells/kg of {}.",
                        scientific(dose),
                        labelled,
                        info.name
                    ),
                });
            } else if dose < low * (1.0 - 1e-9) {
                warnings.push(Warning {
                    kind: WarningKind::DoseBelowLabel,
                    message: format!(
                        "{} cells/kg is below the labelled {} cells/kg of {}.",
                        scientific(dose),
                        labelled,
                        info.name
                    ),
                });
            }
        }
        if info.population == Some(Population::ChildrenFrom2Months) && input.age != AgeBand::Child {
            warnings.push(Warning {
                kind: WarningKind::AgeOutsidePopulation,
                message: format!(
                    "{} is labelled for children from 2 months of age; a patient {} is outside the labelled population.",
                    info.name,
                    input.age.label()
                ),
            });
        }
    }

    // Schedule.
    let start = input.start;
    let (course_days, assessment, branches) = match (
        input.schedule,
        info.as_ref().map(|i| i.schedule),
    ) {
        (
            ScheduleChoice::Custom {
                infusions: n,
                interval_days: d,
            },
            _,
        ) => {
            if !(1..=52).contains(&n) || !(1..=60).contains(&d) {
                return Err(PlanError::ScheduleOutOfRange {
                    infusions: n,
                    interval_days: d,
                });
            }
            if let Some(min) = info.as_ref().and_then(|i| i.min_interval_days) {
                if d < min && n > 1 {
                    warnings.push(Warning {
                        kind: WarningKind::IntervalTooShort,
                        message: format!(
                            "Every {d} days is shorter than the label's minimum of {min} days between infusions of {}.",
                            product_name
                        ),
                    });
                }
            }
            let days: Vec<i64> = (0..i64::from(n)).map(|k| 1 + k * i64::from(d)).collect();
            (days, None, Vec::new())
        }
        (ScheduleChoice::Label, None) | (ScheduleChoice::Label, Some(LabelSchedule::None)) => {
            return Err(PlanError::NoSchedule)
        }
        (ScheduleChoice::Label, Some(LabelSchedule::TwiceWeeklyWithDay28Assessment)) => {
            let assessment = (28, start.add_days(27));
            let branches = vec![
                Branch {
                    condition: "complete response at Day 28",
                    action: "stop",
                    infusions: Vec::new(),
                },
                Branch {
                    condition: "partial or mixed response at Day 28",
                    action: "once weekly for 4 more weeks",
                    infusions: infusions(
                        &weekly(29, 4),
                        start,
                        Phase::Continuation {
                            condition: "partial or mixed response at Day 28",
                        },
                    ),
                },
                Branch {
                    condition: "recurrence after complete response",
                    action: "twice weekly for 4 more weeks",
                    infusions: infusions(
                        &twice_weekly(29, 4),
                        start,
                        Phase::Continuation {
                            condition: "recurrence after complete response",
                        },
                    ),
                },
            ];
            (twice_weekly(1, 4), Some(assessment), branches)
        }
        (ScheduleChoice::Label, Some(LabelSchedule::TwiceWeeklyOptionalWeekly)) => {
            let branches = vec![Branch {
                condition: "if continued (optional)",
                action: "once weekly for 4 more weeks",
                infusions: infusions(
                    &weekly(29, 4),
                    start,
                    Phase::Continuation {
                        condition: "optional continuation",
                    },
                ),
            }];
            (twice_weekly(1, 4), None, branches)
        }
        (ScheduleChoice::Label, Some(LabelSchedule::Weekly4)) => (weekly(1, 4), None, Vec::new()),
    };
    let course = infusions(&course_days, start, Phase::Course);
    let per_infusion_given = cells;
    let cells_per_course = per_infusion_given * course.len() as f64;
    steps.push(format!(
        "Cells per course = {} × {} infusions = {}",
        scientific(per_infusion_given),
        course.len(),
        scientific(cells_per_course)
    ));

    Ok(Plan {
        product_name,
        weight_kg: kg,
        dose_per_kg: dose,
        cells_per_infusion: cells,
        containers,
        course,
        cells_per_course,
        assessment,
        branches,
        steps,
        warnings,
    })
}

fn plural(count: u32, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// `value` rounded to `decimals` places (for display only; the plan keeps full precision).
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(product: ProductId, kg: f64, dose: f64) -> PlanInput {
        PlanInput {
            weight_kg: kg,
            age: AgeBand::Child,
            dose_per_kg: dose,
            product,
            custom_container: None,
            schedule: ScheduleChoice::Label,
            start: Date::parse("2026-11-25").unwrap(),
        }
    }

    fn kinds(plan: &Plan) -> Vec<WarningKind> {
        plan.warnings.iter().map(|w| w.kind).collect()
    }

    #[test]
    fn a_23_4_kg_child_on_ryoncil() {
        // By hand: 23.4 × 2e6 = 46.8e6 cells; a vial holds 6.68e6 × 3.8 = 25.384e6,
        // so 2 vials (50.768e6), 3.968e6 left; 46.8e6 / 6.68e6 = 7.006 mL.
        let plan = plan(&input(ProductId::Ryoncil, 23.4, 2e6)).unwrap();
        assert!((plan.cells_per_infusion - 46.8e6).abs() < 1.0);
        let c = plan.containers.as_ref().unwrap();
        assert_eq!((c.count, c.description.as_str()), (2, "2 vials"));
        assert!((c.cells_thawed - 50.768e6).abs() < 1.0);
        assert!((c.cells_left - 3.968e6).abs() < 1.0);
        assert!((c.volume_ml.unwrap() - 7.005_988).abs() < 1e-5);
        assert_eq!(plan.course.len(), 8);
        let days: Vec<i64> = plan.course.iter().map(|i| i.day).collect();
        assert_eq!(days, [1, 4, 8, 11, 15, 18, 22, 25]);
        assert_eq!(plan.course[0].date.iso(), "2026-11-25");
        assert_eq!(plan.course[7].date.iso(), "2026-12-19");
        assert_eq!(
            plan.assessment.map(|(d, date)| (d, date.iso())),
            Some((28, "2026-12-22".to_string()))
        );
        assert_eq!(plan.branches.len(), 3);
        assert_eq!(plan.branches[0].action, "stop");
        assert_eq!(
            plan.branches[1]
                .infusions
                .iter()
                .map(|i| i.date.iso())
                .collect::<Vec<_>>(),
            ["2026-12-23", "2026-12-30", "2027-01-06", "2027-01-13"]
        );
        assert_eq!(plan.branches[2].infusions.len(), 8);
        assert!((plan.cells_per_course - 8.0 * 46.8e6).abs() < 8.0);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn a_70_kg_adult_on_temcell() {
        // 70 × 2e6 = 140e6; bags of 72e6 → 2 bags (144e6), 4e6 left;
        // 140e6 / (72e6 / 10.8 mL) = 21 mL of product; diluted: 140e6 / (72e6 / 28.8) = 56 mL.
        let mut i = input(ProductId::Temcell, 70.0, 2e6);
        i.age = AgeBand::Adult;
        let plan = plan(&i).unwrap();
        let c = plan.containers.as_ref().unwrap();
        assert_eq!(c.count, 2);
        assert!((c.cells_left - 4e6).abs() < 1.0);
        assert!((c.volume_ml.unwrap() - 21.0).abs() < 1e-9);
        assert!((c.diluted_ml.unwrap() - 56.0).abs() < 1e-9);
        assert_eq!(plan.course.len(), 8);
        assert_eq!(plan.assessment, None);
        assert_eq!(plan.branches[0].infusions.len(), 4);
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn a_95_kg_adult_on_obnitix() {
        // 91–120 kg → two 60e6 bags = 120e6; 95 × 1e6 = 95e6 given, 25e6 left;
        // the whole bags would be 120e6 / 95 = 1.26e6 cells/kg.
        let mut i = input(ProductId::Obnitix, 95.0, 1e6);
        i.age = AgeBand::Adult;
        let plan = plan(&i).unwrap();
        let c = plan.containers.as_ref().unwrap();
        assert_eq!(
            (c.count, c.description.as_str()),
            (2, "2 bags of 6 × 10⁷ cells")
        );
        assert!((c.cells_left - 25e6).abs() < 1.0);
        assert_eq!(c.volume_ml, None, "no labelled volume");
        assert_eq!(
            plan.course.iter().map(|i| i.day).collect::<Vec<_>>(),
            [1, 8, 15, 22]
        );
        assert!(
            plan.steps.iter().any(|s| s.contains("1.26 × 10⁶ cells/kg")),
            "{:?}",
            plan.steps
        );
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn obnitix_band_edges() {
        let bag = |kg: f64| {
            let plan = plan(&input(ProductId::Obnitix, kg, 1e6)).unwrap();
            (
                plan.containers.as_ref().map(|c| c.cells_thawed),
                kinds(&plan),
            )
        };
        assert_eq!(bag(15.0), (Some(30e6), vec![]));
        assert_eq!(bag(30.0), (Some(30e6), vec![]));
        assert_eq!(bag(31.0), (Some(60e6), vec![]));
        assert_eq!(bag(60.0), (Some(60e6), vec![]));
        assert_eq!(bag(61.0), (Some(90e6), vec![]));
        assert_eq!(bag(90.0), (Some(90e6), vec![]));
        assert_eq!(bag(91.0), (Some(120e6), vec![]));
        assert_eq!(bag(120.0), (Some(120e6), vec![]));
        assert_eq!(bag(121.0), (None, vec![WarningKind::WeightOutsideBands]));
        assert_eq!(bag(14.9), (None, vec![WarningKind::WeightOutsideBands]));
        assert_eq!(
            bag(30.5),
            (Some(60e6), vec![WarningKind::WeightBetweenBands])
        );
    }

    #[test]
    fn warnings_say_why() {
        let plan_for = |product, kg, dose| plan(&input(product, kg, dose)).unwrap();
        let high = plan_for(ProductId::Ryoncil, 20.0, 3e6);
        assert_eq!(kinds(&high), [WarningKind::DoseAboveLabel]);
        assert_eq!(
            high.warnings[0].message,
            "3 × 10⁶ cells/kg is above the labelled 2 × 10⁶ cells/kg of Ryoncil."
        );
        assert_eq!(
            kinds(&plan_for(ProductId::Obnitix, 50.0, 5e5)),
            [WarningKind::DoseBelowLabel]
        );
        assert_eq!(
            kinds(&plan_for(ProductId::Obnitix, 20.0, 2e6)),
            [WarningKind::DoseAboveBag],
            "40e6 > 30e6 bag"
        );
        let mut adult = input(ProductId::Ryoncil, 70.0, 2e6);
        adult.age = AgeBand::Adult;
        assert_eq!(
            kinds(&plan(&adult).unwrap()),
            [WarningKind::AgeOutsidePopulation]
        );
        let mut infant = input(ProductId::Ryoncil, 4.0, 2e6);
        infant.age = AgeBand::Infant;
        assert_eq!(
            kinds(&plan(&infant).unwrap()),
            [WarningKind::AgeOutsidePopulation]
        );
        let mut fast = input(ProductId::Temcell, 30.0, 2e6);
        fast.schedule = ScheduleChoice::Custom {
            infusions: 6,
            interval_days: 2,
        };
        let fast = plan(&fast).unwrap();
        assert_eq!(kinds(&fast), [WarningKind::IntervalTooShort]);
        assert_eq!(
            fast.course.iter().map(|i| i.day).collect::<Vec<_>>(),
            [1, 3, 5, 7, 9, 11]
        );
    }

    #[test]
    fn custom_products_and_schedules() {
        let mut i = input(ProductId::Custom, 50.0, 1e6);
        assert_eq!(plan(&i), Err(PlanError::MissingCustomContainer));
        i.custom_container = Some((20e6, 5.0));
        assert_eq!(plan(&i), Err(PlanError::NoSchedule));
        i.schedule = ScheduleChoice::Custom {
            infusions: 3,
            interval_days: 7,
        };
        let p = plan(&i).unwrap();
        let c = p.containers.as_ref().unwrap();
        assert_eq!(c.count, 3, "50e6 / 20e6 = 2.5 → 3");
        assert!((c.volume_ml.unwrap() - 12.5).abs() < 1e-9);
        assert_eq!(p.course.len(), 3);
        i.schedule = ScheduleChoice::Custom {
            infusions: 0,
            interval_days: 7,
        };
        assert!(matches!(
            plan(&i),
            Err(PlanError::ScheduleOutOfRange { .. })
        ));
    }

    #[test]
    fn exact_multiples_do_not_thaw_an_extra_container() {
        assert_eq!(containers_needed(72e6, 72e6), 1);
        assert_eq!(containers_needed(144e6, 72e6), 2);
        assert_eq!(
            containers_needed(0.1 * 3.0 * 1e9, 0.3e9),
            1,
            "floating point noise"
        );
        assert_eq!(containers_needed(72e6 + 1.0, 72e6), 2);
        assert_eq!(containers_needed(0.0, 72e6), 0);
        assert_eq!(containers_needed(f64::NAN, 72e6), 0);
    }

    #[test]
    fn every_product_has_its_source_and_figures() {
        for id in [ProductId::Ryoncil, ProductId::Temcell, ProductId::Obnitix] {
            let info = product(id).unwrap();
            assert!(!info.source.is_empty() && !info.figures.is_empty());
            assert_eq!(ProductId::from_key(id.key()), Some(id));
        }
        assert!(product(ProductId::Custom).is_none());
    }
}
