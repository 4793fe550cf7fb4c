use super::*;
use crate::stats::Counts;

fn delivery(task: u32, worker: &str, status: &str, times: (f64, f64), thread: u32) -> DeliveryRow {
    DeliveryRow {
        task,
        worker: worker.into(),
        delivery: 1,
        enqueued: 1000.0,
        delivered: (status != "reclaimed").then_some(times.0),
        ended: times.1,
        status: status.into(),
        thread: (status != "reclaimed").then_some(thread),
    }
}

fn result(status: &str, value: &str) -> TaskResult {
    TaskResult {
        status: status.into(),
        value: Some(value.into()),
        ..TaskResult::default()
    }
}

/// Four tasks: task 1 lost with the tab that left and redone by Python, task 3 cancelled.
fn summary() -> Summary {
    let (tab, py) = ("browser tab 2 #2.ab @ box", "python pid 7 @ box");
    Summary {
        tasks: 4,
        redelivered: 1,
        dropped: 1,
        workers: vec![WorkerRow {
            id: tab.into(),
            kind: "browser".into(),
            host: "box".into(),
            taken: 2,
        }],
        deliveries: vec![
            delivery(0, tab, "ok", (1001.0, 1010.0), 1),
            delivery(1, tab, "reclaimed", (0.0, 1500.0), 0),
            delivery(1, tab, "dropped", (0.0, 1600.0), 0),
            DeliveryRow {
                delivery: 2,
                ..delivery(1, py, "ok", (1500.0, 1520.0), 0)
            },
            delivery(2, py, "failed", (1520.0, 1530.0), 0),
        ],
        results: vec![
            result("ok", "4"),
            result("ok", "9"),
            TaskResult {
                error: Some("boom".into()),
                ..result("failed", "")
            },
            result("cancelled", ""),
        ],
        broker_ms_per_task: Some(0.5),
        ..Summary::default()
    }
}

#[test]
fn every_task_ends_once_and_the_lost_delivery_is_cut_off() {
    let (run, _) = queue_broker(&summary(), -1000.0);
    let counts = Counts::of(&run.spans);
    assert_eq!(
        (counts.tasks, counts.ok, counts.failed, counts.cancelled),
        (4, 2, 1, 1)
    );
    let lost: Vec<_> = run
        .spans
        .iter()
        .filter(|s| s.phase == Some(Phase::Lost))
        .collect();
    assert_eq!(lost.len(), 1);
    assert_eq!(
        (lost[0].task, lost[0].start_ms, lost[0].end_ms),
        (1, 0.0, 500.0)
    );
    let redone = run.spans.iter().find(|s| s.task == 1 && s.ok).unwrap();
    assert_ne!(
        redone.lane, lost[0].lane,
        "the redelivery runs on another lane"
    );
    assert_eq!(run.values, [4, 9, 0, 0]);
    assert_eq!(run.checksum, 13);
    assert_eq!(run.failures, [(2, "boom".to_string())]);
}

#[test]
fn lanes_are_named_by_worker_thread_and_the_detail_counts_the_broker() {
    let (run, detail) = queue_broker(&summary(), 0.0);
    let names: Vec<_> = detail
        .lanes
        .iter()
        .map(|l| (l.worker.as_str(), l.thread))
        .collect();
    assert_eq!(
        names,
        [
            ("browser tab 2 #2.ab @ box", 1),
            ("browser tab 2 #2.ab @ box", 0),
            ("python pid 7 @ box", 0)
        ]
    );
    assert!(run
        .spans
        .iter()
        .all(|s| (s.lane as usize) < detail.lanes.len()));
    assert_eq!(
        (detail.deliveries, detail.redelivered, detail.dropped),
        (4, 1, 1)
    );
    assert_eq!(detail.workers[0].name, "tab 2 #2.ab");
    assert_eq!(detail.broker_ms_per_task, Some(0.5));
    let json = serde_json::to_value(&detail).unwrap();
    assert_eq!(json["deadLetters"], 0);
    assert_eq!(json["lanes"][0]["worker"], "browser tab 2 #2.ab @ box");
}

#[test]
fn a_run_cancelled_before_any_delivery_counts_every_task_cancelled() {
    let (run, detail) = queue_broker(
        &Summary {
            tasks: 3,
            ..Summary::default()
        },
        0.0,
    );
    let counts = Counts::of(&run.spans);
    assert_eq!((counts.tasks, counts.cancelled), (3, 3));
    assert!(detail.lanes.is_empty());
}

#[test]
fn the_bridges_summary_reads() {
    let text = r#"{"run":"r1","tasks":1,"ok":1,"failed":0,"cancelled":0,"redelivered":0,
      "dropped":0,"duplicates":0,"deadLetters":0,
      "workers":[{"id":"python pid 1 @ h","kind":"python","host":"h","taken":1,"ok":1,"failed":0}],
      "deliveries":[{"task":0,"worker":"python pid 1 @ h","delivery":1,"enqueued":5,
        "delivered":6,"ended":9,"status":"ok","thread":null}],
      "results":[{"status":"ok","value":"1","worker":"python pid 1 @ h"}],"brokerMsPerTask":null}"#;
    let summary: Summary = serde_json::from_str(text).unwrap();
    let (run, _) = queue_broker(&summary, 0.0);
    assert_eq!(run.spans.len(), 1);
    assert_eq!(run.values, [1]);
}
