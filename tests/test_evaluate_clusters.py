"""Clusters of overlapping spans and the ratios every figure is made of."""

from __future__ import annotations

import numpy as np

from khabar.evaluate.clusters import find_clusters
from khabar.evaluate.metrics import accuracy, prf, ratio


def test_clusters_join_overlapping_spans_of_one_document_only() -> None:
    # Document 0: gold (0, 5) and prediction (3, 8) overlap; gold (8, 10) only touches (3, 8);
    # prediction (20, 30) contains gold (22, 25). Document 1: gold (0, 5) alone.
    doc = np.array([0, 0, 0, 0, 0, 1])
    start = np.array([0, 3, 8, 20, 22, 0])
    end = np.array([5, 8, 10, 30, 25, 5])
    side = np.array([0, 1, 0, 1, 0, 0])
    clusters = find_clusters(doc, start, end, side)
    of = clusters.of.tolist()
    assert of[0] == of[1] and of[3] == of[4]
    assert len({of[0], of[2], of[3], of[5]}) == 4
    assert clusters.gold.tolist() == [1, 1, 1, 1] and clusters.pred.tolist() == [1, 0, 1, 0]
    # A span reaching over several later ones keeps them in its cluster.
    long = find_clusters(np.zeros(3, int), np.array([0, 2, 6]), np.array([10, 4, 8]), np.array([0, 1, 1]))
    assert long.of.tolist() == [0, 0, 0] and long.pred.tolist() == [2]


def test_gold_and_prediction_rows_of_one_to_one_clusters() -> None:
    doc = np.zeros(4, int)
    start, end = np.array([10, 0, 12, 1]), np.array([20, 5, 15, 3])
    side = np.array([0, 0, 1, 1])
    clusters = find_clusters(doc, start, end, side)
    gold, pred = clusters.pairs((clusters.gold == 1) & (clusters.pred == 1), side)
    assert sorted(zip(gold.tolist(), pred.tolist())) == [(0, 2), (1, 3)]


def test_ratios_are_zero_when_undefined_on_numbers_and_arrays() -> None:
    assert ratio(1, 0) == 0.0 and ratio(1, 4) == 0.25
    assert ratio(np.array([1, 2]), np.array([0, 4])).tolist() == [0.0, 0.5]
    # Nothing to score (no gold, no prediction): no figure; one side only: 0.
    assert prf(0, 0, 0, 0) == {"precision": None, "recall": None, "f1": None}
    assert prf(0, 3, 0, 0) == prf(0, 0, 0, 5) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert accuracy(0, 0) is None and accuracy(1, 4) == 0.25
    # P = 3/4, R = 3/6, F1 = 2 * 0.75 * 0.5 / 1.25 = 0.6
    assert prf(3, 4, 3, 6) == {"precision": 0.75, "recall": 0.5, "f1": 0.6}
    replicated = prf(np.array([3, 0]), np.array([4, 0]), np.array([3, 0]), np.array([6, 2]))
    assert replicated["f1"].tolist() == [0.6, 0.0]


def test_groups_list_each_selected_cluster_once() -> None:
    doc = np.array([0, 0, 0, 0, 1])
    start, end = np.array([0, 20, 2, 22, 0]), np.array([5, 30, 4, 25, 9])
    side = np.array([0, 0, 1, 1, 1])
    clusters = find_clusters(doc, start, end, side)
    rows, groups = clusters.groups(clusters.gold > 0)
    assert [sorted(rows[list(g)].tolist()) for g in groups] == [[0, 2], [1, 3]]
    rows, groups = clusters.groups(clusters.gold > 5)
    assert rows.size == 0 and groups == []
