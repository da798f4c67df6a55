//! The products the calculator knows: their labelled figures, how each is dosed and packed,
//! its labelled schedule and population, and the label each figure group cites.

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

    /// How the dose per infusion is set for this product (the custom product: by the user).
    pub fn dose_rule(self) -> DoseRule {
        product(self).map_or(DoseRule::Chosen, |info| info.dose_rule())
    }
}

/// How the dose per infusion is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DoseRule {
    /// The label fixes one dose per kg (Ryoncil, TEMCELL). The form is filled with it; a
    /// different dose typed is the user's off-label choice and is warned about.
    PerKg(f64),
    /// The label's weight band chooses whole bags, whose whole content is given: the dose
    /// per kg is derived from the weight, never typed (Obnitix).
    ByWeightBand,
    /// No label: the user chooses the dose per kg (the custom product).
    Chosen,
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
    /// Bags chosen by the patient's weight, given whole (Obnitix).
    WeightBands(&'static [WeightBand]),
    /// Typed by the user.
    Custom {
        cells_per_container: f64,
        ml_per_container: f64,
    },
}

/// One printed weight band of a product dosed by band: the bags it gives per infusion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightBand {
    /// Lowest and highest weight of the band as printed, kg (both included).
    pub low_kg: f64,
    pub high_kg: f64,
    /// The bags, by their printed name and cell content.
    pub bags: &'static [NamedBag],
}

/// A bag as the label names it ("Obnitix 60": 60 × 10⁶ cells).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NamedBag {
    pub name: &'static str,
    pub cells: f64,
}

impl WeightBand {
    /// Cells in all of the band's bags.
    pub fn cells(&self) -> f64 {
        self.bags.iter().map(|b| b.cells).sum()
    }

    /// The bags as the label names them: "2 × Obnitix 60", "1 × Obnitix 90".
    pub fn bags_text(&self) -> String {
        let mut parts: Vec<(usize, &str)> = Vec::new();
        for bag in self.bags {
            match parts.iter_mut().find(|(_, name)| *name == bag.name) {
                Some((count, _)) => *count += 1,
                None => parts.push((1, bag.name)),
            }
        }
        parts
            .iter()
            .map(|(count, name)| format!("{count} × {name}"))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// Whether `kg` lies in the band as printed.
    pub fn contains(&self, kg: f64) -> bool {
        (self.low_kg..=self.high_kg).contains(&kg)
    }
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

/// Where a group of labelled figures can be checked: the label itself, as a reader would
/// look it up. Only what is known is stated; what is not is said to be unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation {
    /// Who issues the document (the marketing authorisation holder or manufacturer, and
    /// the regulator that publishes it where that is part of how it is found).
    pub issuer: &'static str,
    /// The document ("US Prescribing Information").
    pub document: &'static str,
    /// The revision date or version, when known.
    pub version: Option<&'static str>,
    /// The section(s) of the document where the figures are.
    pub section: &'static str,
}

/// How an unknown revision is stated to readers.
pub const VERSION_UNKNOWN: &str = "revision date not recorded in MSC·HSCT: use the current version";

impl Citation {
    /// One line a reader can look up: issuer, document, version, section.
    pub fn text(&self) -> String {
        format!(
            "{}, {} ({}), section {}",
            self.issuer,
            self.document,
            self.version.unwrap_or(VERSION_UNKNOWN),
            self.section
        )
    }
}

/// A group of labelled figures and the part of the label they come from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FigureGroup {
    pub figures: &'static [&'static str],
    pub citation: Citation,
}

/// A product with its labelled figures and where they come from.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductInfo {
    pub id: ProductId,
    pub name: &'static str,
    pub generic: &'static str,
    /// Labelled dose per kg: (lowest, highest) cells/kg.
    pub labelled_dose: (f64, f64),
    pub packaging: Packaging,
    pub schedule: LabelSchedule,
    /// Shortest interval between infusions the label allows, in days.
    pub min_interval_days: Option<u32>,
    pub population: Option<Population>,
    /// How the product is given once thawed or prepared, when the label says.
    pub administration: Option<&'static str>,
    /// The figures as the app states them, grouped by the part of the label they cite.
    pub figures: &'static [FigureGroup],
}

impl ProductInfo {
    /// How the dose per infusion is set: by weight band for products packed by band,
    /// otherwise the label's single dose per kg.
    pub fn dose_rule(&self) -> DoseRule {
        match self.packaging {
            Packaging::WeightBands(_) => DoseRule::ByWeightBand,
            _ => DoseRule::PerKg(self.labelled_dose.1),
        }
    }

    /// Every citation of the product's figures, in order, without repeats.
    pub fn citations(&self) -> Vec<Citation> {
        let mut found: Vec<Citation> = Vec::new();
        for group in self.figures {
            if !found.contains(&group.citation) {
                found.push(group.citation);
            }
        }
        found
    }
}

const RYONCIL_ISSUER: &str = "Mesoblast, Inc.; US Food and Drug Administration (FDA)";
const RYONCIL_DOCUMENT: &str = "Ryoncil (remestemcel-L-rknd) US Prescribing Information";
const RYONCIL_VERSION: Option<&str> =
    Some("Initial U.S. Approval: 2024; revision date not recorded in MSC·HSCT");

const TEMCELL_ISSUER: &str =
    "JCR Pharmaceuticals Co., Ltd.; published by the Pharmaceuticals and Medical Devices Agency (PMDA), Japan";
const TEMCELL_DOCUMENT: &str = "TEMCELL HS Inj. Japanese package insert (添付文書)";

const OBNITIX_ISSUER: &str =
    "DRK-Blutspendedienst Baden-Württemberg–Hessen (German Red Cross Blood Service), under the hospital exemption of §4b AMG";
const OBNITIX_DOCUMENT: &str = "Obnitix (MSC-FFM) German product information (Fachinformation)";

static RYONCIL_FIGURES: [FigureGroup; 3] = [
    FigureGroup {
        figures: &[
            "2 × 10⁶ MSC/kg per IV infusion",
            "twice weekly for 4 weeks, infusions at least 3 days apart",
            "Day-28 assessment: complete response → stop; partial or mixed response → once weekly for 4 more weeks; recurrence after complete response → twice weekly for 4 more weeks",
        ],
        citation: Citation {
            issuer: RYONCIL_ISSUER,
            document: RYONCIL_DOCUMENT,
            version: RYONCIL_VERSION,
            section: "2, Dosage and Administration",
        },
    },
    FigureGroup {
        figures: &[
            "6.68 × 10⁶ MSC/mL, 3.8 mL per vial (about 25.4 × 10⁶ MSC per vial)",
            "vials to thaw: not quoted here; the plan shows ceil(cells / cells per vial) as derived arithmetic",
        ],
        citation: Citation {
            issuer: RYONCIL_ISSUER,
            document: RYONCIL_DOCUMENT,
            version: RYONCIL_VERSION,
            section: "3, Dosage Forms and Strengths, and 16, How Supplied/Storage and Handling",
        },
    },
    FigureGroup {
        figures: &["pediatric patients 2 months of age and older"],
        citation: Citation {
            issuer: RYONCIL_ISSUER,
            document: RYONCIL_DOCUMENT,
            version: RYONCIL_VERSION,
            section: "1, Indications and Usage",
        },
    },
];

static TEMCELL_FIGURES: [FigureGroup; 2] = [
    FigureGroup {
        figures: &[
            "2 × 10⁶ cells/kg per dose",
            "twice weekly, at least 3 days apart, for 4 weeks; optionally once weekly for 4 more weeks",
        ],
        citation: Citation {
            issuer: TEMCELL_ISSUER,
            document: TEMCELL_DOCUMENT,
            version: None,
            section: "dosage and administration",
        },
    },
    FigureGroup {
        figures: &["72 × 10⁶ cells per 10.8 mL bag, diluted with 18 mL saline"],
        citation: Citation {
            issuer: TEMCELL_ISSUER,
            document: TEMCELL_DOCUMENT,
            version: None,
            section: "composition (cells and volume per bag) and dosage and administration (dilution)",
        },
    },
];

static OBNITIX_FIGURES: [FigureGroup; 1] = [FigureGroup {
    figures: &[
        "1–2 × 10⁶ cells/kg on days 1, 8, 15 and 22",
        "bags by weight: 15–30 kg one Obnitix 30 (30 × 10⁶ cells); 31–60 kg one Obnitix 60; 61–90 kg one Obnitix 90; 91–120 kg two Obnitix 60",
        "the whole content of the band's bags is infused, undiluted, through a transfusion filter",
        "weights outside 15–120 kg are outside the label",
    ],
    citation: Citation {
        issuer: OBNITIX_ISSUER,
        document: OBNITIX_DOCUMENT,
        version: None,
        section: "posology and method of administration (Dosierung und Art der Anwendung)",
    },
}];

const OBNITIX_30: NamedBag = NamedBag {
    name: "Obnitix 30",
    cells: 30e6,
};
const OBNITIX_60: NamedBag = NamedBag {
    name: "Obnitix 60",
    cells: 60e6,
};
const OBNITIX_90: NamedBag = NamedBag {
    name: "Obnitix 90",
    cells: 90e6,
};

/// Obnitix's printed weight bands.
pub static OBNITIX_BANDS: [WeightBand; 4] = [
    WeightBand {
        low_kg: 15.0,
        high_kg: 30.0,
        bags: &[OBNITIX_30],
    },
    WeightBand {
        low_kg: 31.0,
        high_kg: 60.0,
        bags: &[OBNITIX_60],
    },
    WeightBand {
        low_kg: 61.0,
        high_kg: 90.0,
        bags: &[OBNITIX_90],
    },
    WeightBand {
        low_kg: 91.0,
        high_kg: 120.0,
        bags: &[OBNITIX_60, OBNITIX_60],
    },
];

/// The labelled products; None for the custom product.
pub fn product(id: ProductId) -> Option<ProductInfo> {
    match id {
        ProductId::Ryoncil => Some(ProductInfo {
            id,
            name: "Ryoncil",
            generic: "remestemcel-L",
            labelled_dose: (2e6, 2e6),
            packaging: Packaging::Vial {
                cells_per_ml: 6.68e6,
                ml_per_vial: 3.8,
            },
            schedule: LabelSchedule::TwiceWeeklyWithDay28Assessment,
            min_interval_days: Some(3),
            population: Some(Population::ChildrenFrom2Months),
            administration: None,
            figures: &RYONCIL_FIGURES,
        }),
        ProductId::Temcell => Some(ProductInfo {
            id,
            name: "TEMCELL HS Inj.",
            generic: "JR-031",
            labelled_dose: (2e6, 2e6),
            packaging: Packaging::Bag {
                cells_per_bag: 72e6,
                ml_per_bag: 10.8,
                diluent_ml: 18.0,
            },
            schedule: LabelSchedule::TwiceWeeklyOptionalWeekly,
            min_interval_days: Some(3),
            population: None,
            administration: None,
            figures: &TEMCELL_FIGURES,
        }),
        ProductId::Obnitix => Some(ProductInfo {
            id,
            name: "Obnitix",
            generic: "MSC-FFM",
            labelled_dose: (1e6, 2e6),
            packaging: Packaging::WeightBands(&OBNITIX_BANDS),
            schedule: LabelSchedule::Weekly4,
            min_interval_days: Some(7),
            population: None,
            administration: Some(
                "the whole content of the bags, undiluted, through a transfusion filter",
            ),
            figures: &OBNITIX_FIGURES,
        }),
        ProductId::Custom => None,
    }
}
