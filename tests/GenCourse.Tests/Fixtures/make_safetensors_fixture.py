#!/usr/bin/python3
"""Writes pytorch_written.safetensors, the interoperability fixture of GenCourse's safetensors reader and writer.

The `safetensors` Python package is not available from Debian, so this script writes the format by hand with
`struct` and `json` from torch tensors, following the reference implementation (huggingface/safetensors,
safetensors/src/tensor.rs): 8-byte little-endian header length, compact JSON header with "__metadata__" first and
the tensors ordered by descending dtype alignment then name, header padded with spaces to a multiple of 8 bytes,
then the raw little-endian row-major data back to back.

The C# tests load the fixture and compare every value, and check that GenCourse writes the same tensors to a
byte-identical file. The kit and its tests never run Python.

    /usr/bin/python3 make_safetensors_fixture.py                # writes pytorch_written.safetensors next to this script
    /usr/bin/python3 make_safetensors_fixture.py --check        # exit 1 if the committed fixture differs
    /usr/bin/python3 make_safetensors_fixture.py --read FILE    # validates FILE (e.g. written by GenCourse) and prints it

Made with PyTorch 1.13 from Debian 12 (python3-torch 1.13.1+dfsg-4).
"""
import json
import math
import os
import struct
import sys

import numpy
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "pytorch_written.safetensors")

# dtype name, element size and rank in the reference's dtype order (increasing alignment)
DTYPES = {torch.float32: ("F32", 4, 11), torch.float64: ("F64", 8, 12), torch.int64: ("I64", 8, 13)}
FROM_NAME = {"F32": (torch.float32, "<f4"), "F64": (torch.float64, "<f8"), "I64": (torch.int64, "<i8")}


def fixture_tensors():
    """The tensors the C# test expects (SafeTensorsTests.FixtureTensors builds the same ones)."""
    return {
        "encoder.weight": torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.75,
        "encoder.bias": torch.tensor([-0.0, 1e-45, float("inf"), 3.4028234663852886e38, math.pi], dtype=torch.float32),
        "decoder.weight": torch.tensor([[math.e, -1 / 3, 1e-300], [5e-324, 1.7976931348623157e308, -2.5]], dtype=torch.float64),
        "scale": torch.tensor(math.pi, dtype=torch.float64),
        "steps": torch.tensor([0, -1, 2**62, -(2**63)], dtype=torch.int64),
        "bn.num_batches_tracked": torch.tensor(7, dtype=torch.int64),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }


def fixture_metadata():
    return {"format": "pt", "source": "make_safetensors_fixture.py"}


def serialize(tensors, metadata=None):
    names = sorted(tensors, key=lambda n: (-DTYPES[tensors[n].dtype][2], n))
    header, chunks, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items()))
    for name in names:
        t = tensors[name].contiguous()
        dtype_name, size, _ = DTYPES[t.dtype]
        data = t.numpy().astype(FROM_NAME[dtype_name][1]).tobytes()
        assert len(data) == t.numel() * size
        header[name] = {"dtype": dtype_name, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def deserialize(buffer):
    """Parses and validates like the reference reader; returns (tensors, metadata)."""
    if len(buffer) < 8:
        raise ValueError("shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", buffer[:8])
    if n > len(buffer) - 8:
        raise ValueError(f"header length {n} exceeds the file")
    header = json.loads(buffer[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(v, str) for v in metadata.values()), "metadata values must be strings"
    data = buffer[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    position, tensors = 0, {}
    for name, info in entries:
        begin, end = info["data_offsets"]
        dtype, numpy_dtype = FROM_NAME[info["dtype"]]
        numel = math.prod(info["shape"])
        if begin != position or end - begin != numel * DTYPES[dtype][1]:
            raise ValueError(f"tensor {name}: bad data_offsets {info['data_offsets']}")
        position = end

        array = numpy.frombuffer(data[begin:end], dtype=numpy_dtype).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    if position != len(data):
        raise ValueError(f"the data is {len(data)} bytes but the header describes {position}")
    return tensors, metadata


def main(argv):
    expected = serialize(fixture_tensors(), fixture_metadata())
    tensors, metadata = deserialize(expected)
    for name, t in fixture_tensors().items():
        assert torch.equal(tensors[name], t) and tensors[name].dtype == t.dtype, name
    if argv[1:2] == ["--check"]:
        with open(FIXTURE, "rb") as f:
            same = f.read() == expected
        print("fixture is up to date" if same else "fixture differs from what this script writes")
        return 0 if same else 1
    if argv[1:2] == ["--read"]:
        with open(argv[2], "rb") as f:
            tensors, metadata = deserialize(f.read())
        print("metadata:", metadata)
        for name, t in tensors.items():
            print(f"{name}: {t.dtype} {list(t.shape)} {t.flatten()[:8].tolist()}")
        return 0
    with open(FIXTURE, "wb") as f:
        f.write(expected)
    print(f"wrote {FIXTURE} ({len(expected)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
