//! The yearly report's charts as SVG (plotters' SVG backend: text is left
//! to the viewer's fonts, no font file is read and nothing external is
//! referenced): capacity over the year, actors by need area and focus then
//! and now, platform meetings per month. Labels are Czech.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::report::{AreaFocus, WeekCapacity};

/// Czech month abbreviations, January first.
pub const MONTHS: [&str; 12] = ["led", "úno", "bře", "dub", "kvě", "čvn", "čvc", "srp", "zář", "říj", "lis", "pro"];

const WIDTH: u32 = 760;
const HEIGHT: u32 = 340;
const FREE: RGBColor = RGBColor(31, 111, 139);
const WAITING: RGBColor = RGBColor(201, 94, 36);
const THEN: RGBColor = RGBColor(160, 174, 192);
const NOW: RGBColor = RGBColor(31, 111, 139);
const THEN_2: RGBColor = RGBColor(226, 196, 160);
const NOW_2: RGBColor = RGBColor(201, 94, 36);

type Result<T> = std::result::Result<T, String>;

/// One kind of bar: its legend, colour and value.
type Bar = (&'static str, RGBColor, fn(&AreaFocus) -> usize);

fn failed<E: std::fmt::Debug>(e: E) -> String {
    format!("the chart could not be drawn: {e:?}")
}

/// Draws on an SVG canvas and returns the document.
fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        draw(&root)?;
        root.present().map_err(failed)?;
    }
    Ok(out)
}

/// A nice upper bound for an axis showing `max`.
fn top(max: u32) -> u32 {
    let max = max.max(4);
    max + max / 10 + 1
}

/// Free places and waiting over the year's weeks (the fresh announcements
/// at each week's end).
pub fn capacity(weeks: &[WeekCapacity]) -> Result<String> {
    let max = weeks.iter().map(|w| w.free.max(w.waiting)).max().unwrap_or(0);
    let n = weeks.len().max(1) as i32;
    svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption("Kapacita během roku (čerstvá hlášení)", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d(0..n, 0..top(max))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(12)
            .x_label_formatter(&|week| MONTHS[((*week as usize) * 12 / (n as usize)).min(11)].to_owned())
            .y_desc("míst / osob")
            .draw()
            .map_err(failed)?;
        for (label, color, value) in [
            ("volná místa", FREE, (|w: &WeekCapacity| w.free) as fn(&WeekCapacity) -> u32),
            ("čekající", WAITING, |w: &WeekCapacity| w.waiting),
        ] {
            let points: Vec<(i32, u32)> = weeks.iter().enumerate().map(|(i, w)| (i as i32, value(w))).collect();
            chart
                .draw_series(std::iter::once(PathElement::new(points, color.stroke_width(2))))
                .map_err(failed)?
                .label(label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(failed)
    })
}

/// Active actors per need area by focus, at the start and at the end.
pub fn need_areas(areas: &[AreaFocus]) -> Result<String> {
    let max = areas
        .iter()
        .flat_map(|a| [a.prevention_before, a.prevention_after, a.intervention_before, a.intervention_after])
        .max()
        .unwrap_or(0) as u32;
    let n = areas.len() as i32;
    svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption("Aktéři podle oblastí potřeb a zaměření: dříve a nyní", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d(0..n * 5, 0..top(max))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels((n * 5) as usize)
            .x_label_formatter(&|x| {
                if x % 5 == 2 {
                    areas.get((x / 5) as usize).map_or(String::new(), |a| short(a.label_cs))
                } else {
                    String::new()
                }
            })
            .y_desc("aktérů")
            .draw()
            .map_err(failed)?;
        let bars: [Bar; 4] = [
            ("prevence dříve", THEN, |a| a.prevention_before),
            ("prevence nyní", NOW, |a| a.prevention_after),
            ("intervence dříve", THEN_2, |a| a.intervention_before),
            ("intervence nyní", NOW_2, |a| a.intervention_after),
        ];
        for (slot, (label, color, value)) in bars.into_iter().enumerate() {
            let rects = areas.iter().enumerate().map(move |(i, a)| {
                let x = i as i32 * 5 + slot as i32;
                Rectangle::new([(x, 0), (x + 1, value(a) as u32)], color.filled())
            });
            chart
                .draw_series(rects)
                .map_err(failed)?
                .label(label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(failed)
    })
}

/// The first word of a need area's label, to fit under its bars.
fn short(label: &str) -> String {
    label.split_whitespace().next().unwrap_or(label).to_owned()
}

/// Platform meetings held in each month of the year: a bar per month,
/// labelled under its middle.
pub fn meetings(per_month: &[usize; 12]) -> Result<String> {
    let max = per_month.iter().copied().max().unwrap_or(0) as u32;
    svg(|root| {
        let mut chart = ChartBuilder::on(root)
            .caption("Setkání platforem po měsících", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(44)
            .build_cartesian_2d((0..11).into_segmented(), 0..top(max))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(12)
            .x_label_formatter(&|m| match m {
                SegmentValue::CenterOf(m) => MONTHS.get(*m as usize).map_or(String::new(), |s| (*s).to_owned()),
                _ => String::new(),
            })
            .y_desc("setkání")
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(per_month.iter().enumerate().map(|(m, held)| {
                let m = m as i32;
                let mut bar = Rectangle::new(
                    [(SegmentValue::Exact(m), 0), (SegmentValue::Exact(m + 1), *held as u32)],
                    NOW.filled(),
                );
                bar.set_margin(0, 0, 6, 6);
                bar
            }))
            .map_err(failed)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_standalone_svg_with_czech_labels_and_no_external_references() {
        let weeks: Vec<WeekCapacity> =
            (0..52).map(|i| WeekCapacity { week_end: chrono::Utc::now(), free: i % 7, waiting: i % 3 }).collect();
        let per_month = [0, 1, 2, 0, 3, 1, 0, 0, 2, 1, 4, 0];
        let area = AreaFocus {
            area: crate::domain::NeedArea::Safety,
            label_cs: "Bezpečí",
            prevention_before: 1,
            prevention_after: 2,
            intervention_before: 3,
            intervention_after: 0,
        };
        for svg in [capacity(&weeks).unwrap(), meetings(&per_month).unwrap(), need_areas(&[area]).unwrap()] {
            assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
            assert!(svg.trim_end().ends_with("</svg>"));
            assert!(!svg.contains("href") && !svg.contains("url("), "nothing external");
        }
        let chart = meetings(&per_month).unwrap();
        assert!(chart.contains("Setkání platforem po měsících") && chart.contains("lis"), "{chart}");
        assert_eq!(chart.matches("<rect").count() - 1, 12, "a bar per month beside the background");
    }
}
