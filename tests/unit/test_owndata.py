"""helpers.owndata (lesson 11): every mistake in the parameters cell is one early error that shows what was
found and says what to do; everything read_csv changes, it reports."""

import numpy as np
import pandas as pd
import pytest

from helpers import owndata


def write(tmp_path, df, name="data.csv"):
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


@pytest.fixture
def data():
    """100 rows: 25 'yes', 75 'no'; a number column, a text column, a float column unique per row."""
    rng = np.random.default_rng(0)
    return pd.DataFrame({"size": rng.integers(0, 10, 100), "colour": ["red", "blue", "green", "red"] * 25,
                         "weight": rng.normal(size=100), "label": ["yes", "no", "no", "no"] * 25})


@pytest.fixture
def csv(tmp_path, data):
    return write(tmp_path, data)


# --------------------------------------------------------------------------------------------- CSV_PATH
def test_a_path_that_does_not_exist_names_the_folder_and_the_csv_files_there(tmp_path, csv):
    with pytest.raises(FileNotFoundError, match=r"CSV_PATH = '.*dat\.csv': no such file\. .*CSV files in .*'data\.csv'"):
        owndata.read_csv(tmp_path / "dat.csv", "label", "yes")


def test_a_relative_path_is_explained_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=f"starts from the folder the notebook runs in, {tmp_path}"):
        owndata.read_csv("missing.csv", "label", "yes")


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="is a folder, not a file"):
        owndata.read_csv(tmp_path, "label", "yes")


def test_a_path_must_be_text(tmp_path):
    with pytest.raises(TypeError, match="CSV_PATH must be a file path in quotes"):
        owndata.read_csv(42, "label", "yes")


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(ValueError, match="empty.csv is empty"):
        owndata.read_csv(path, "label", "yes")


# ----------------------------------------------------------------------------------------------- TARGET
def test_a_target_that_does_not_exist_lists_the_columns_and_a_close_match(csv):
    with pytest.raises(ValueError, match=r"TARGET = 'Label' is not a column of data\.csv\. Did you mean 'label'\? "
                                         r"Its columns: \['size', 'colour', 'weight', 'label'\]"):
        owndata.read_csv(csv, "Label", "yes")


def test_a_file_separated_by_semicolons_is_recognised(tmp_path, data):
    path = tmp_path / "semi.csv"
    data.to_csv(path, index=False, sep=";")
    with pytest.raises(ValueError, match="probably separated by ';'"):
        owndata.read_csv(path, "label", "yes")


def test_a_target_must_be_a_name(csv):
    with pytest.raises(TypeError, match="TARGET must be a column name in quotes"):
        owndata.read_csv(csv, 3, "yes")


def test_a_target_with_three_labels_shows_them_with_their_counts(tmp_path, data):
    data["label"] = ["yes", "no", "maybe", "no"] * 25
    with pytest.raises(ValueError, match=r"has 3 labels, \{'no': 50, 'yes': 25, 'maybe': 25\}; this notebook needs "
                                         r"two\. Make a two-label column first"):
        owndata.read_csv(write(tmp_path, data), "label", "yes")


def test_a_continuous_target_is_refused_without_listing_every_value(tmp_path, data):
    data["label"] = np.arange(100) / 7
    with pytest.raises(ValueError, match=r"has 100 labels, .*\(and 90 more\)"):
        owndata.read_csv(write(tmp_path, data), "label", 1.0)


def test_a_target_with_one_label(tmp_path, data):
    data["label"] = "no"
    with pytest.raises(ValueError, match=r"has one label only, \{'no': 100\}"):
        owndata.read_csv(write(tmp_path, data), "label", "no")


# --------------------------------------------------------------------------------------- POSITIVE_LABEL
def test_a_positive_label_that_does_not_occur_shows_the_labels_and_counts(csv):
    with pytest.raises(ValueError, match=r"POSITIVE_LABEL = 'Yes' does not occur in 'label'\. Its labels, with their "
                                         r"rows: \{'no': 75, 'yes': 25\}\. Did you mean 'yes'\?"):
        owndata.read_csv(csv, "label", "Yes")


@pytest.mark.parametrize("asked, suggested", [("BAD", "'bad'"), (" bad", "'bad'"), ("bda", "'bad'")])
def test_a_positive_label_in_another_case_or_misspelt_gets_a_suggestion(tmp_path, data, asked, suggested):
    data["label"] = np.where(data["label"] == "yes", "bad", "good")
    with pytest.raises(ValueError, match=f"Did you mean {suggested}\\?"):
        owndata.read_csv(write(tmp_path, data), "label", asked)


def test_a_label_far_from_every_label_gets_no_suggestion(csv):
    with pytest.raises(ValueError) as err:
        owndata.read_csv(csv, "label", "fraud")
    assert "Did you mean" not in str(err.value)


def test_a_number_written_as_text_names_the_label(tmp_path, data):
    data["label"] = np.where(data["label"] == "yes", 1, 0)
    X, y, info = owndata.read_csv(write(tmp_path, data), "label", "1")
    assert int(y.sum()) == 25 and info["positive_label"] == 1 and y.name == "label"
    assert list(X.columns) == ["size", "colour", "weight"]


def test_too_few_positives(tmp_path, data):
    data["label"] = ["yes"] * 10 + ["no"] * 90
    with pytest.raises(ValueError, match=r"Too few rows of \{'yes': 10\}.*at least 20 of each class"):
        owndata.read_csv(write(tmp_path, data), "label", "yes")


# ------------------------------------------------------------------------------- what read_csv reports
def test_rows_without_a_label_are_dropped_and_counted(tmp_path, data):
    data.loc[[1, 2], "label"] = np.nan
    X, y, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["missing_target"] == 2 and len(X) == len(y) == 98 and info["rows_read"] == 100


def test_empty_and_almost_empty_columns_are_reported_and_kept(tmp_path, data):
    """The guide's imputers keep a column empty in a training fold (filled with 0), so nothing needs dropping."""
    data["notes"] = np.nan
    data["rare"] = [1.0] * 19 + [np.nan] * 81  # fewer than MIN_VALUES = 20 values
    data["enough"] = [1.0] * 20 + [np.nan] * 80
    X, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["sparse_columns"] == ["notes", "rare"] and {"notes", "rare", "enough"} <= set(X.columns)


def test_a_column_almost_empty_fits_with_the_guide_s_preprocessing_without_a_warning(tmp_path, data):
    """Why read_csv no longer drops them: a 5-fold tuner inside 5 folds meets the column empty, and it fits."""
    import warnings

    from helpers import guide
    data["rare"] = [1.0] * 5 + [np.nan] * 95
    X, y, _ = owndata.read_csv(write(tmp_path, data), "label", "yes")
    model = guide.recommend(X, y, cost_miss=5, cost_false_alarm=1)[1].estimator  # logistic regression, tuned
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(X.iloc[10:], y.iloc[10:])  # the 5 filled rows left out: "rare" is empty in every fold
    assert np.isfinite(model.predict_proba(X)[:, 1]).all()


def test_an_identifier_is_reported_but_kept_and_a_measurement_is_not_an_identifier(tmp_path, data):
    data.insert(0, "customer", [f"C{i:04d}" for i in range(100)])
    X, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["id_like"] == ["customer"] and "customer" in X.columns  # "weight" is unique too, but a float
    assert info["id_numbers"] == [] and info["repeated_ids"] == {}


def test_a_whole_number_identifier_is_flagged_as_used_as_a_number(tmp_path, data):
    data.insert(0, "application_no", np.arange(1000, 1100))  # issued in order: it stands in for time
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert "application_no" in info["id_like"] and info["id_numbers"] == ["application_no"]


@pytest.mark.parametrize("name", ["customer_id", "CustomerID", "customerId", "id", "patient id", "ID_number"])
def test_an_identifier_with_repeats_is_flagged_as_repeated_entities(tmp_path, data, name):
    data.insert(0, name, np.repeat(np.arange(25), 4))  # 4 rows per customer
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["repeated_ids"] == {name: "25 values for 100 rows (up to 4 rows each)"}


@pytest.mark.parametrize("name", ["paid", "valid", "ideal", "android", "size"])
def test_a_column_merely_ending_in_id_is_not_an_identifier(tmp_path, data, name):
    data[name] = np.repeat(np.arange(25), 4)
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["repeated_ids"] == {}


@pytest.mark.parametrize("dates", [pd.date_range("2024-01-01", periods=100).strftime("%Y-%m-%d"),
                                   pd.date_range("2024-01-01", periods=100).strftime("%d/%m/%Y"),
                                   pd.date_range("2024-01-01", periods=100, freq="h").strftime("%Y-%m-%d %H:%M")])
def test_dates_stored_as_text_in_a_feature_column_are_flagged(tmp_path, data, dates):
    data["signed_on"] = dates
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["dates_as_text"] == ["signed_on"]  # "colour" is text too, but not dates


def test_numbers_stored_as_text_are_reported_with_the_odd_values(tmp_path, data):
    data["size"] = data["size"].astype(str)
    data.loc[3, "size"] = "?"
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes")
    assert info["numbers_as_text"] == {"size": ["?"]}


def test_drop_columns(tmp_path, csv):
    X, _, info = owndata.read_csv(csv, "label", "yes", drop_columns=["weight"])
    assert list(X.columns) == ["size", "colour"] and info["dropped_columns"] == ["weight"]
    with pytest.raises(ValueError, match="a name in DROP_COLUMNS = 'wieght' is not a column.*Did you mean 'weight'"):
        owndata.read_csv(csv, "label", "yes", drop_columns=["wieght"])
    with pytest.raises(TypeError, match="DROP_COLUMNS must be a list of column names"):
        owndata.read_csv(csv, "label", "yes", drop_columns="weight")
    with pytest.raises(ValueError, match="DROP_COLUMNS lists the target"):
        owndata.read_csv(csv, "label", "yes", drop_columns=["label"])


def test_no_feature_left(tmp_path, data):
    with pytest.raises(ValueError, match="No feature column with values is left"):
        owndata.read_csv(write(tmp_path, data), "label", "yes", drop_columns=["size", "colour", "weight"])
    data["size"], data["colour"], data["weight"] = np.nan, np.nan, np.nan
    with pytest.raises(ValueError, match="No feature column with values is left"):
        owndata.read_csv(write(tmp_path, data), "label", "yes")


# ---------------------------------------------------------------------------------------- TIME_COLUMN
def test_a_date_column_is_parsed_and_leaves_the_features(tmp_path, data):
    data["day"] = pd.date_range("2024-01-01", periods=100).strftime("%Y-%m-%d")
    X, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="day")
    assert "day" not in X.columns and pd.api.types.is_datetime64_any_dtype(info["time"])
    assert info["time"].iloc[-1] == pd.Timestamp("2024-04-09")


def test_a_numeric_time_column_is_kept_as_numbers(tmp_path, data):
    data["year"] = np.repeat(np.arange(2000, 2010), 10)
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="year")
    assert info["time"].tolist()[:2] == [2000, 2000]


@pytest.mark.parametrize("values, match", [
    (["2024-01-05"] * 99 + ["soon"], r"1 of 100 values are not ISO dates \(YYYY-MM-DD, optionally with a time\) or "
                                     r"numbers, e\.g\. \['soon'\]"),
    (["2024-01-05"] * 98 + [None, None], "empty on 2 rows"),
])
def test_a_time_column_must_hold_a_time_on_every_row(tmp_path, data, values, match):
    data["when"] = values
    with pytest.raises(ValueError, match=match):
        owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="when")


def test_day_first_dates_are_refused_with_the_conversion_to_write(tmp_path, data):
    """format="mixed" read 13/01/2023 as 13 January but 03/04/2023 as 4 March: 39% of a year misread, silently."""
    data["when"] = pd.date_range("2023-01-01", periods=100).strftime("%d/%m/%Y")
    with pytest.raises(ValueError, match=r"100 of 100 values are not ISO dates.*3 April day first and 4 March month "
                                         r"first.*These look day first.*format='%d/%m/%Y'"):
        owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="when")


def test_month_first_dates_get_the_month_first_conversion(tmp_path, data):
    data["when"] = pd.date_range("2023-01-01", periods=100).strftime("%m-%d-%y")
    with pytest.raises(ValueError, match=r"These look month first.*format='%m-%d-%y'"):
        owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="when")


def test_dates_that_do_not_say_which_comes_first_are_not_guessed(tmp_path, data):
    data["when"] = [f"0{d}/0{m}/2023" for d, m in zip(range(1, 10), range(1, 10))] * 11 + ["01/02/2023"]
    with pytest.raises(ValueError, match="do not say whether the day or the month comes first"):
        owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="when")


def test_iso_dates_with_a_time_are_read(tmp_path, data):
    data["when"] = pd.date_range("2023-01-01", periods=100, freq="h").strftime("%Y-%m-%dT%H:%M:%S")
    _, _, info = owndata.read_csv(write(tmp_path, data), "label", "yes", time_column="when")
    assert info["time"].iloc[25] == pd.Timestamp("2023-01-02 01:00")


def test_a_time_column_must_exist_and_differ_from_the_target(csv):
    with pytest.raises(ValueError, match="TIME_COLUMN = 'date' is not a column"):
        owndata.read_csv(csv, "label", "yes", time_column="date")
    with pytest.raises(ValueError, match="TIME_COLUMN and TARGET name the same column"):
        owndata.read_csv(csv, "label", "yes", time_column="label")


# ---------------------------------------------------------------------------------------------- costs
@pytest.mark.parametrize("cost_miss, cost_false_alarm, error, match", [
    (0, 1, ValueError, r"COST_MISS must be a positive number \(what one missed positive costs, in any unit\) or "
                       r"None if nobody can name it; got 0\."),
    (-5, 1, ValueError, "COST_MISS must be a positive number"),
    (float("nan"), 1, ValueError, "COST_MISS must be a positive number"),
    (float("inf"), 1, ValueError, "COST_MISS must be a positive number"),
    (True, 1, ValueError, "COST_MISS must be a positive number"),
    ("10", 1, TypeError, r"COST_MISS must be a number, written without quotes \(COST_MISS = 10\); got the text '10'"),
    (10, 0, ValueError, r"COST_FALSE_ALARM must be a positive number \(what one false alarm costs, in the same "
                        r"unit\); got 0\."),
    (10, None, ValueError, "COST_FALSE_ALARM must be a positive number"),
    (None, -1, ValueError, "COST_FALSE_ALARM must be a positive number"),
])
def test_costs_that_are_not_positive_numbers(cost_miss, cost_false_alarm, error, match):
    with pytest.raises(error, match=match):
        owndata.check_costs(cost_miss, cost_false_alarm)


def test_good_costs():
    assert owndata.check_costs(10, 1) == (10, 1)
    assert owndata.check_costs(2.5, 0.5) == (2.5, 0.5)
    assert owndata.check_costs(np.int64(7), 2.0) == (7, 2)
    assert owndata.check_costs(None, 1) == (None, 1)


# ---------------------------------------------------------------------------------------------- split
def test_a_split_whose_test_part_lacks_positives_says_what_to_do():
    with pytest.raises(ValueError, match=r"The test part holds 1 positive and 50 negative rows; it needs at least 3 "
                                         r"of each\. With TIME_COLUMN set, the most recent rows.*TIME_COLUMN = None"):
        owndata.check_split(pd.Series([0] * 80 + [1] * 20), pd.Series([0] * 50 + [1]))


def test_a_split_whose_training_part_lacks_positives():
    with pytest.raises(ValueError, match="The training part holds 5 positive.*the older rows"):
        owndata.check_split(pd.Series([0] * 80 + [1] * 5), pd.Series([0] * 50 + [1] * 10))


def test_an_empty_part_has_its_own_error_not_too_few_positives():
    with pytest.raises(ValueError, match="The training part is empty"):
        owndata.check_split(pd.Series([], dtype=int), pd.Series([0] * 50 + [1] * 10))


# ------------------------------------------------------------------------------------------- time_cut
def test_the_cut_is_nearest_a_quarter_and_the_share_is_what_it_uses():
    days = pd.Series(pd.date_range("2023-01-01", periods=100))
    assert owndata.time_cut(days) == (pd.Timestamp("2023-03-17"), 0.25)


def test_ties_on_few_dates_move_the_cut_to_the_nearest_boundary():
    """Rows 0-47 on day 1, 48-99 on day 2: the old rule ("the time at 75% of the rows") put 52% in the test part;
    the boundaries give 52% (day 2) only, so the cut is there and says so; with a third day it moves."""
    two = pd.Series(["2023-01-01"] * 48 + ["2023-01-02"] * 52).pipe(pd.to_datetime)
    with pytest.raises(ValueError, match=r"52% of the rows share one time \(2023-01-02 00:00:00\), so the cut nearest "
                                         r"a 25% test part puts 52% of the rows in it"):
        owndata.time_cut(two)
    three = pd.Series([2020] * 48 + [2021] * 30 + [2022] * 22)
    assert owndata.time_cut(three) == (2022, 0.22)


def test_most_rows_on_the_oldest_time_still_leaves_a_training_part():
    """80% of the rows on one date: the old cut fell on that date and left the training part empty."""
    days = pd.Series([2020] * 80 + list(range(2021, 2041)))
    cut, share = owndata.time_cut(days)
    assert share == 0.2 and cut == 2021  # every other time is one row: the nearest place to 25% keeps 20%


def test_most_rows_on_the_latest_time_has_its_own_error():
    days = pd.Series(list(range(2000, 2020)) + [2020] * 80)
    with pytest.raises(ValueError, match=r"80% of the rows share one time \(2020\).*puts 80% of the rows in it"):
        owndata.time_cut(days)


def test_one_time_for_every_row():
    with pytest.raises(ValueError, match="every row has the same time"):
        owndata.time_cut(pd.Series([2020] * 50))


def test_the_time_estimate_scales_the_benchmark():
    assert owndata.estimated_seconds(owndata.MEASURED_RUN["rows"]) == owndata.MEASURED_RUN["seconds"]
    with pytest.raises(ValueError, match="rows must be a whole number"):
        owndata.estimated_seconds(-1)


def test_columns_almost_empty_in_the_training_part_are_returned_to_report():
    X_train = pd.DataFrame({"a": np.arange(40.0), "new": [1.0] * 5 + [np.nan] * 35})
    y_ok = pd.Series([0] * 20 + [1] * 20)
    assert owndata.check_split(y_ok, y_ok, X_train) == ["new"]


def test_a_csv_saved_by_excel_with_a_byte_order_mark_reads_its_first_column_name(tmp_path, data):
    path = tmp_path / "excel.csv"
    data[["label", "size"]].to_csv(path, index=False, encoding="utf-8-sig")
    X, y, _ = owndata.read_csv(path, "label", "yes")
    assert list(X.columns) == ["size"] and int(y.sum()) == 25
