"""A deterministic generator of realistic build cache catalogs.

The catalogs use real Spack package, stack, compiler, OS and target names and
the cache.spack.io file format, so the documentation, the tests and the
benchmarks run on data shaped like the real thing without copying any of it.
The same arguments always give byte-identical files.

Run ``python -m sphinx_cachecatalog.catalog.demo OUT`` to write one.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .convert import write_layout
from .model import ROOT_STACK, Package, Spec
from .tagorder import tag_date
from .versions import version_key


@dataclass(frozen=True, slots=True)
class Stack:
    """Where a real Spack CI stack builds: platform, OS, target and compilers."""

    name: str
    platform: str
    os: str
    target: str
    compilers: tuple[str, ...]


#: The stacks of the public cache, as its develop snapshots of mid-2025 build them
#: (the ML stacks with gcc 13 on Ubuntu 24.04).
STACKS = (
    Stack("e4s", "linux", "ubuntu22.04", "x86_64_v3", ("gcc@11.4.0",)),
    Stack("e4s-neoverse-v2", "linux", "ubuntu22.04", "neoverse_v2", ("gcc@11.4.0",)),
    Stack("e4s-oneapi", "linux", "ubuntu22.04", "x86_64_v3", ("intel-oneapi-compilers@2025.1.0",)),
    Stack("e4s-rocm-external", "linux", "ubuntu22.04", "x86_64_v3", ("gcc@11.4.0",)),
    Stack("e4s-cray-rhel", "linux", "rhel8", "zen4", ("gcc@13.2.0",)),
    Stack("data-vis-sdk", "linux", "ubuntu22.04", "x86_64_v3", ("gcc@11.4.0",)),
    Stack("hep", "linux", "ubuntu22.04", "x86_64_v3", ("gcc@11.4.0",)),
    Stack("radiuss", "linux", "ubuntu22.04", "x86_64_v3", ("gcc@11.4.0", "gcc@13.2.0")),
    Stack("tutorial", "linux", "ubuntu22.04", "x86_64_v3", ("gcc@11.4.0",)),
    Stack("developer-tools-x86_64", "linux", "ubuntu24.04", "x86_64_v3", ("gcc@13.2.0",)),
    Stack("developer-tools-aarch64", "linux", "ubuntu24.04", "aarch64", ("gcc@13.2.0",)),
    Stack("ml-linux-x86_64-cpu", "linux", "ubuntu24.04", "x86_64_v3", ("gcc@13.2.0",)),
    Stack("ml-linux-x86_64-cuda", "linux", "ubuntu24.04", "x86_64_v3", ("gcc@13.2.0",)),
    Stack("ml-linux-aarch64-cpu", "linux", "ubuntu24.04", "aarch64", ("gcc@13.2.0",)),
    Stack("ml-linux-aarch64-cuda", "linux", "ubuntu24.04", "aarch64", ("gcc@13.2.0",)),
    Stack("ml-darwin-aarch64-mps", "darwin", "sequoia", "aarch64", ("apple-clang@16.0.0",)),
    Stack("aws-pcluster-x86_64_v4", "linux", "amzn2", "x86_64_v4", ("gcc@11.1.0",)),
    Stack("aws-pcluster-neoverse_v1", "linux", "amzn2", "neoverse_v1", ("gcc@11.1.0",)),
)

#: Real Spack packages, most of them in the public build cache.
# fmt: off
PACKAGES = (
    "adiak", "adios2", "alquimia", "aml", "amrex", "arborx", "argobots", "ascent", "autoconf",
    "automake", "axom", "berkeleygw", "bison", "boost", "bricks", "butterflypack", "bzip2",
    "c-blosc2", "cabana", "caliper", "camp", "chai", "charliecloud", "cmake", "compiler-wrapper",
    "conduit", "cuda", "curl", "darshan-runtime", "darshan-util", "datatransferkit", "diffutils",
    "dyninst", "eigen", "exaworks", "faodel", "fftw", "flecsi", "flit", "flux-core", "flux-sched",
    "fortrilinos", "gasnet", "gcc-runtime", "gettext", "ginkgo", "glibc", "gmake", "gmp", "gotcha",
    "gptune", "h5bench", "hdf5", "hdf5-vol-async", "heffte", "hip", "hpctoolkit", "hpx", "hwloc",
    "hypre", "kokkos", "kokkos-kernels", "laghos", "lammps", "legion", "libcatalyst", "libelf",
    "libfabric", "libiconv", "libpressio", "libtool", "libunwind", "libxml2", "llvm", "loki", "m4",
    "magma", "mercury", "metall", "mfem", "mgard", "mpich", "mpifileutils", "nccmp", "ncurses",
    "netcdf-c", "netcdf-fortran", "netlib-scalapack", "nrm", "nvhpc", "omega-h", "openblas",
    "openmpi", "openpmd-api", "openssl", "papi", "papyrus", "parallel-netcdf", "paraview", "parsec",
    "perl", "petsc", "phist", "pkgconf", "plasma", "plumed", "precice", "pumi", "py-h5py", "py-jax",
    "py-libensemble", "py-matplotlib", "py-mpi4py", "py-numpy", "py-pandas", "py-petsc4py",
    "py-scikit-learn", "py-scipy", "py-torch", "py-warpx", "python", "qthreads", "quantum-espresso",
    "raja", "readline", "rempi", "scr", "slate", "slepc", "stc", "strumpack", "sundials", "superlu",
    "superlu-dist", "swig", "sz", "tasmanian", "tau", "trilinos", "turbine", "umap", "umpire",
    "unifyfs", "upcxx", "variorum", "veloc", "vtk-m", "wannier90", "warpx", "xz", "zfp", "zlib-ng",
    "zstd",
)
# fmt: on

#: Word stems of Spack's many Python and R packages, for catalogs larger than the list above.
# fmt: off
_STEMS = (
    "absl", "aiohttp", "alembic", "arrow", "astropy", "attrs", "babel", "black", "bokeh", "boto3",
    "cffi", "click", "cython", "dask", "distributed", "docutils", "filelock", "flask", "fsspec",
    "h5netcdf", "idna", "jinja2", "joblib", "jsonschema", "keras", "kiwisolver", "lxml", "markdown",
    "mpmath", "netcdf4", "networkx", "numba", "numexpr", "onnx", "packaging", "pillow", "pip",
    "platformdirs", "pluggy", "protobuf", "psutil", "pybind11", "pydantic", "pygments", "pyparsing",
    "pytest", "pyyaml", "requests", "rich", "ruamel-yaml", "setuptools", "six", "sympy",
    "tensorboard", "toml", "tqdm", "typing-extensions", "urllib3", "wheel", "xarray", "zarr",
)
# fmt: on
_FAMILIES = ("py-", "r-", "perl-", "rust-", "lua-")

#: Real recent versions of well-known packages, newest first; others get made-up ones.
VERSIONS = {
    "boost": ("1.87.0", "1.86.0", "1.83.0"),
    "cmake": ("3.31.6", "3.30.5"),
    "cuda": ("12.8.0", "12.6.3", "11.8.0"),
    "hdf5": ("1.14.6", "1.14.5"),
    "hypre": ("2.32.0", "2.31.0"),
    "kokkos": ("4.6.01", "4.5.01"),
    "llvm": ("19.1.7", "18.1.8"),
    "mpich": ("4.3.0", "4.2.3"),
    "openmpi": ("5.0.7", "4.1.8"),
    "petsc": ("3.22.4", "3.21.6"),
    "py-mpi4py": ("4.0.1", "3.1.6"),
    "py-numpy": ("2.2.4", "1.26.4"),
    "python": ("3.13.2", "3.12.9", "3.11.11"),
    "trilinos": ("16.1.0", "16.0.0"),
    "umpire": ("2025.03.0", "2024.07.0"),
    "zlib-ng": ("2.2.4", "2.2.3"),
}

_VARIANTS = (
    ("+mpi", "~mpi"),
    ("+shared", "~shared"),
    ("+openmp", "~openmp"),
    ("+fortran", "~fortran"),
    ("build_type=Release", "build_type=RelWithDebInfo"),
    ("+cuda cuda_arch=90", "~cuda"),
    ("+rocm amdgpu_target=gfx90a", "~rocm"),
    ("+ipo", "~ipo"),
)


def package_names(count: int) -> list[str]:
    """``count`` package names: real ones spread over the alphabet, then Spack-style family names."""
    step = max(1, len(PACKAGES) / count)
    names = sorted({PACKAGES[int(index * step)] for index in range(min(count, len(PACKAGES)))})
    suffix = 0
    while len(names) < count:
        for family in _FAMILIES:
            for stem in _STEMS:
                if len(names) == count:
                    break
                names.append(f"{family}{stem}" + (f"-{suffix}" if suffix else ""))
        suffix += 1
    return sorted(names)


def _hash(*parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:32]


def _versions(rng: random.Random, name: str) -> list[str]:
    count = rng.randint(1, 3)
    if name in VERSIONS:
        return list(VERSIONS[name][:count])
    major, minor = rng.randint(0, 5), rng.randint(0, 24)
    versions = []
    for _ in range(count):
        versions.append(f"{major}.{minor}.{rng.randint(0, 9)}")
        minor = max(0, minor - rng.randint(1, 3))
    return versions


def _package(name: str, seed: int) -> tuple[list[Stack], list[str], list[tuple[str, str]], float]:
    """What a generated package is like in every tag: its stacks, the versions of its
    ``develop`` tag (newest first), its variants, and its share of the average spec count."""
    rng = random.Random(f"{seed}:{name}")
    stacks = rng.sample(STACKS, rng.randint(2, min(8, len(STACKS))))
    versions = _versions(rng, name)
    variant_choices = rng.sample(_VARIANTS, 3)
    return stacks, versions, variant_choices, rng.uniform(0.3, 1.7)


def _older(name: str, versions: Sequence[str]) -> str | None:
    """A version older than every one of ``versions`` (the oldest last): the next real one
    where :data:`VERSIONS` knows it, else the oldest with its last non-zero number lowered."""
    known = VERSIONS.get(name, ())
    if len(known) > len(versions):
        return known[len(versions)]
    parts = min(versions, key=version_key).split(".")  # made-up versions are not always in order
    for at in reversed(range(len(parts))):
        if parts[at].isdigit() and int(parts[at]) > 0:
            lowered = str(int(parts[at]) - 1)
            parts[at] = lowered.zfill(len(parts[at])) if parts[at].startswith("0") else lowered
            return ".".join(parts)
    return None


#: When the generated history happens. A tag with a date in its name (``develop-2025-10-05``)
#: holds each package as it was that day; a release tag (``v0.23.1``), as it was before;
#: a tag without a date (``develop``), as it is after.
HISTORY_START = datetime.date(2025, 8, 1)
HISTORY_END = datetime.date(2025, 12, 31)


@dataclass(frozen=True, slots=True)
class Lifetime:
    """When a version of a generated package is in the cache: from ``arrives`` (or always),
    until ``leaves`` (or still), except from ``away[0]`` until ``away[1]``."""

    arrives: datetime.date | None = None
    leaves: datetime.date | None = None
    away: tuple[datetime.date, datetime.date] | None = None

    def holds(self, day: datetime.date) -> bool:
        """Whether the version is in the cache on ``day``."""
        if self.arrives is not None and day < self.arrives:
            return False
        if self.leaves is not None and day >= self.leaves:
            return False
        return self.away is None or not self.away[0] <= day < self.away[1]


#: Histories chosen for the documentation's examples: py-numpy 1.26.4 leaves in
#: September and comes back in October, while 2.2.4 stays.
SHOWCASE = {
    "py-numpy": {
        "2.2.4": Lifetime(),
        "1.26.4": Lifetime(away=(datetime.date(2025, 9, 20), datetime.date(2025, 10, 20))),
    },
}


def version_history(name: str, seed: int = 0) -> dict[str, Lifetime]:
    """The versions that a generated package ever has, newest first, with when each is in
    the cache.

    The versions of the package's ``develop`` tag are always among them. Over the history
    (:data:`HISTORY_START` to :data:`HISTORY_END`) a third of the packages of several
    versions gain their newest one, three in ten drop a version older than the others,
    and about one in eight has a version leave for a month and come back.
    """
    _, versions, _, _ = _package(name, seed)
    rng = random.Random(f"{seed}:{name}:history")
    days = (HISTORY_END - HISTORY_START).days
    gains, drops, away = rng.random() < 0.35, rng.random() < 0.3, rng.random() < 0.12
    arrives = HISTORY_START + datetime.timedelta(days=rng.randint(0, days))
    leaves = HISTORY_START + datetime.timedelta(days=rng.randint(0, days))
    gone = datetime.date(2025, 8, 20) + datetime.timedelta(days=rng.randint(0, 73))
    back = gone + datetime.timedelta(days=rng.randint(30, 40))
    history = {version: Lifetime() for version in versions}
    if gains and len(versions) > 1:
        history[versions[0]] = Lifetime(arrives=arrives)
    if away and len(versions) > 1:
        history[versions[-1]] = Lifetime(away=(gone, back))
    older = _older(name, versions) if drops else None
    if older is not None:
        history[older] = Lifetime(leaves=leaves)
    for version, lifetime in SHOWCASE.get(name, {}).items():
        if version in history:
            history[version] = lifetime
    return history


def tag_day(tag: str) -> datetime.date:
    """The day whose packages a generated tag holds (see :data:`HISTORY_START`)."""
    day = tag_date(tag)
    if day is not None:
        return day
    if tag.startswith("v"):
        return HISTORY_START - datetime.timedelta(days=1)
    return HISTORY_END + datetime.timedelta(days=1)


def generate_package(name: str, tag: str, specs_per_package: int, seed: int = 0) -> Package:
    """One package of one tag, the same for the same arguments.

    Its versions are those that :func:`version_history` says the cache holds on
    the tag's day (:func:`tag_day`); each version's specs are the same in every
    tag that holds it. A spec keeps its hash from tag to tag unless it was
    rebuilt (about one in ten). Release tags (``v…``) spell compilers
    ``gcc@=11.4.0`` and carry tarball URLs, as older public tags do; a quarter
    of the specs have byte sizes, the others ``"-"``.
    """
    stacks, versions, variant_choices, share = _package(name, seed)
    wanted = max(1, round(specs_per_package * share))
    tag_rng = random.Random(f"{seed}:{name}:{tag}")  # what changes from tag to tag
    day = tag_day(tag)
    history = version_history(name, seed)
    held = {version for version, lifetime in history.items() if lifetime.holds(day)} or {versions[-1]}
    # Spec number ``index`` is of the version ``versions[index % len(versions)]``; a version
    # older than those (that leaves) has the numbers after ``wanted``, as many as one of them.
    older = [version for version in history if version not in versions]
    numbered = [(index, versions[index % len(versions)]) for index in range(wanted)]
    numbered += [(wanted + k, version) for version in older for k in range(-(-wanted // len(versions)))]
    drawn = [(index, version, tag if tag_rng.random() < 0.1 else "") for index, version in numbered]
    built = [number for number in drawn if number[1] in held]  # each number drawn in every tag
    if not built:  # the versions held have no number (few specs): one spec of the newest
        newest = next(version for version in versions if version in held)
        built = [(versions.index(newest), newest, "")]
    release = tag.startswith("v")
    specs: list[Spec] = []
    for index, version, again in built:
        spec_rng = random.Random(f"{seed}:{name}:{index}")
        place_index = index // len(versions) if index < wanted else index - wanted
        stack = stacks[place_index % len(stacks)]
        compiler = stack.compilers[index % len(stack.compilers)]
        variants = " ".join(sorted(spec_rng.choice(pair) for pair in variant_choices)).split()
        spec_hash = _hash(str(seed), name, version, stack.name, compiler, str(index), again)
        extra = [  # the same binary serves other stacks that build for the same place
            other.name
            for other in stacks
            if other is not stack
            and (other.platform, other.os, other.target) == (stack.platform, stack.os, stack.target)
            and compiler in other.compilers
            and spec_rng.random() < 0.5
        ]
        place = f"{stack.platform}-{stack.os}-{stack.target}"
        compiler_dir = compiler.replace("@", "-")
        specs.append(
            Spec(
                hash=spec_hash,
                versions=(version,),
                compiler=compiler.replace("@", "@=") if release else compiler,
                os=stack.os,
                platform=stack.platform,
                target=stack.target,
                variants=tuple(variants),
                stacks=tuple(sorted({stack.name, ROOT_STACK, *extra})),
                size=spec_rng.randint(40_000, 900_000_000) if spec_rng.random() < 0.25 else None,
                tarball=(
                    f"https://binaries.spack.io/{tag}/build_cache/{place}/{compiler_dir}/{name}-{version}/"
                    f"{place}-{compiler_dir}-{name}-{version}-{spec_hash}.spack"
                    if release
                    else None
                ),
            )
        )
    specs.sort(key=lambda spec: spec.hash)
    return Package(name=name, tag=tag, specs=tuple(specs), source="")


def generate(
    tags: Sequence[str] = ("develop",), packages: int = 1250, specs_per_package: int = 48, seed: int = 0
) -> list[Package]:
    """A catalog of ``packages`` per tag; older tags miss some packages, as real ones do."""
    names = package_names(packages)
    result = []
    for index, tag in enumerate(tags):
        for name in names:
            if index and random.Random(f"{seed}:{tag}:{name}:present").random() < 0.05:
                continue
            result.append(generate_package(name, tag, specs_per_package, seed))
    return result


def spack_index(packages: Sequence[Package], seed: int = 0) -> dict[str, Any]:
    """The packages as one Spack database (version 8, Spack 1.0's shape): compilers as
    external dependencies that provide ``c`` and ``cxx``, and a few dependency edges
    from each spec to specs of other packages listed before it, built for the same arch
    (one spec of each)."""
    installs: dict[str, Any] = {}
    compilers: dict[str, str] = {}
    #: Per arch, the hashes of each package listed so far.
    earlier: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for package in packages:
        for spec in package.specs:
            rng = random.Random(f"{seed}:{spec.hash}:edges")
            built = earlier.setdefault((spec.platform, spec.os, spec.target), {})
            names = sorted(built.keys() - {package.name})
            edges = [
                {
                    "name": name,
                    "hash": rng.choice(built[name]),
                    "parameters": {"deptypes": ["build", "link"], "virtuals": []},
                }
                for name in rng.sample(names, min(len(names), rng.randint(0, 6)))
            ]
            if spec.compiler:
                compiler = spec.compiler.replace("@=", "@")
                if compiler not in compilers:
                    name, _, version = compiler.partition("@")
                    digest = _hash(str(seed), "compiler", compiler)
                    compilers[compiler] = digest
                    arch = {"platform": spec.platform, "platform_os": spec.os, "target": spec.target}
                    external = {
                        "name": name,
                        "version": version,
                        "hash": digest,
                        "external": {"path": "/usr"},
                    }
                    installs[digest] = {
                        "spec": {**external, "arch": arch},
                        "ref_count": 1,
                        "in_buildcache": False,
                    }
                edges.append(
                    {"name": compiler.partition("@")[0], "hash": compilers[compiler],
                     "parameters": {"deptypes": ["build"], "virtuals": ["c", "cxx"]}}
                )  # fmt: skip
            installs[spec.hash] = {
                "spec": {
                    "name": package.name,
                    "version": spec.versions[0],
                    "arch": {
                        "platform": spec.platform,
                        "platform_os": spec.os,
                        "target": {"name": spec.target},
                    },
                    "namespace": "builtin",
                    "parameters": _parameters(spec.variants),
                    "dependencies": edges,
                    "hash": spec.hash,
                },
                "ref_count": 0,
                "in_buildcache": True,
            }
            built.setdefault(package.name, []).append(spec.hash)
    return {"database": {"version": "8", "installs": installs}}


def _parameters(variants: Sequence[str]) -> dict[str, Any]:
    """Variants as Spack stores them: ``+mpi`` True, ``~mpi`` False, ``a=b`` a string,
    ``a:=b,c`` a list."""
    parameters: dict[str, Any] = {
        "cflags": [],
        "cppflags": [],
        "cxxflags": [],
        "fflags": [],
        "ldflags": [],
        "ldlibs": [],
    }
    for variant in variants:
        if variant[:1] in "+~":
            parameters[variant[1:]] = variant[0] == "+"
        elif ":=" in variant:
            name, _, values = variant.partition(":=")
            parameters[name] = values.split(",")
        else:
            name, _, value = variant.partition("=")
            parameters[name] = value
    return parameters


def write(packages: Sequence[Package], out: Path) -> int:
    """Write ``<out>/<tag>/<name>/specs.md`` files (see :func:`.convert.write_layout`);
    returns how many files were written."""
    return len(write_layout(packages, out).written)


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write a generated catalog to a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write <tag>/<package>/specs.md into")
    parser.add_argument("--tags", nargs="+", default=["develop"], help="tags to generate")
    parser.add_argument("--packages", type=int, default=1250, help="packages per tag")
    parser.add_argument("--specs", type=int, default=48, help="average specs per package")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    packages = generate(args.tags, args.packages, args.specs, args.seed)
    written = write(packages, args.out)
    specs = sum(len(p.specs) for p in packages)
    print(f"{len(packages)} packages, {specs} specs; {written} files written to {args.out}")


if __name__ == "__main__":
    main()
