//! The strategy registry: which strategies exist, their family, and what a run selects.
//!
//! The table itself is `strategies` in `www/spec.json` (build.rs turns it into [`Strategy`]);
//! each strategy is one named function in its family's folder ([`crate::family`]) whose doc
//! comment says what it models and what to expect, and [`crate::plan`] says how it runs.

pub use crate::spec::{Family, Strategy, Workload};

impl Strategy {
    pub fn from_id(id: &str) -> Option<Strategy> {
        Strategy::ALL.iter().copied().find(|s| s.id() == id)
    }

    pub fn is_fetch(self) -> bool {
        self.family() == Family::Fetch
    }

    /// Makes requests (fetch and pipeline), so needs a usable target or the mock API.
    pub fn makes_requests(self) -> bool {
        match self.family() {
            Family::Fetch | Family::Pipeline => true,
            Family::Cpu | Family::Race | Family::Queue => false,
        }
    }

    /// The most tasks it takes: its own limit if it has one, else its family's.
    pub fn max_tasks(self) -> Option<u32> {
        match (self.own_max_tasks(), self.family().max_tasks()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The strategies a workload runs when no list is given, in display order.
    pub fn for_workload(workload: Workload) -> Vec<Strategy> {
        let families = workload.families();
        Strategy::ALL
            .iter()
            .copied()
            .filter(|s| s.usual() && families.contains(&s.family()))
            .collect()
    }

    /// What the parameters ask to run: the `strategies` list if given (in registry order),
    /// else the workload's usual set.
    pub fn selected_from(ids: &[String], workload: Workload) -> Vec<Strategy> {
        if ids.is_empty() {
            return Strategy::for_workload(workload);
        }
        Strategy::ALL
            .iter()
            .copied()
            .filter(|s| ids.iter().any(|id| id == s.id()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_serialise() {
        for &s in Strategy::ALL {
            assert_eq!(Strategy::from_id(s.id()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.id());
            assert!(
                s.id().starts_with(&format!("{}-", s.family().name())),
                "{} is named after its family",
                s.id()
            );
        }
        assert_eq!(Strategy::from_id("nope"), None);
    }

    #[test]
    fn workloads_select_their_usual_strategies() {
        let ids = |w| -> Vec<&str> { Strategy::for_workload(w).iter().map(|s| s.id()).collect() };
        assert_eq!(
            ids(Workload::All),
            [
                "fetch-sequential",
                "fetch-concurrent",
                "fetch-bounded",
                "cpu-sequential",
                "cpu-rayon"
            ]
        );
        assert_eq!(ids(Workload::Cpu), ["cpu-sequential", "cpu-rayon"]);
        assert_eq!(ids(Workload::Race).len(), 3);
        assert_eq!(ids(Workload::Pipeline).len(), 3);
    }

    #[test]
    fn an_explicit_list_wins_in_registry_order() {
        let ids = ["cpu-rayon".to_string(), "fetch-map".to_string()];
        assert_eq!(
            Strategy::selected_from(&ids, Workload::All),
            [Strategy::FetchMap, Strategy::CpuRayon]
        );
    }

    #[test]
    fn task_limits_take_the_lower_of_own_and_family() {
        assert_eq!(Strategy::CpuWorkerPerTask.max_tasks(), Some(64));
        assert_eq!(Strategy::CpuRayon.max_tasks(), None);
        assert_eq!(Strategy::FetchMap.max_tasks(), Some(100_000));
        assert_eq!(Strategy::RaceAtomic.max_tasks(), Some(64));
    }
}
