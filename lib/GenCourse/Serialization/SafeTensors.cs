using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GenCourse.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face), so weights move between GenCourse and PyTorch:
/// 8 bytes little-endian header length N, N bytes of JSON
/// <c>{"__metadata__": {...}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...}</c>
/// (space-padded to a multiple of 8 bytes), then the tensors' raw little-endian row-major bytes, back to back.
/// Supported dtypes: F32, F64, I64, BOOL (one byte, 0 or 1). Files are written like the reference implementation (tensors ordered by descending
/// alignment, then name) and atomically; reading validates everything and names the file in every error.
/// </summary>
public static class SafeTensors
{
    /// <summary>The reference implementation refuses headers larger than this (100 MB).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes <paramref name="tensors"/> (and optional string <paramref name="metadata"/>) to <paramref name="path"/>.
    /// The file is written to a temporary file in the same folder, flushed to disk and then renamed over the target,
    /// so an interrupted save never leaves a half-written file at <paramref name="path"/>.
    /// </summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = tensors.Select(kv => (Name: kv.Key, Tensor: Check(kv.Key, kv.Value, path))).ToList();
        // Reference order: larger element alignment first (I64, F64 before F32 before BOOL), then by name.
        entries.Sort((a, b) =>
        {
            int byAlignment = Rank(b.Tensor.dtype).CompareTo(Rank(a.Tensor.dtype));
            return byAlignment != 0 ? byAlignment : string.CompareOrdinal(a.Name, b.Name);
        });
        var header = Header(entries, metadata);

        var target = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"safetensors file '{path}': the folder '{folder}' does not exist");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                file.Write(length);
                file.Write(header);
                foreach (var (_, tensor) in entries) file.Write(Bytes(tensor));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The tensors stored in <paramref name="path"/>, each in new storage (nothing aliases the file's bytes).</summary>
    public static Dictionary<string, Tensor> Load(string path) => LoadWithMetadata(path).Tensors;

    /// <summary>The tensors and the <c>__metadata__</c> strings (empty when the file has none) stored in <paramref name="path"/>.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) LoadWithMetadata(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file '{path}' does not exist", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    static Tensor Check(string name, Tensor tensor, string path)
    {
        if (string.IsNullOrEmpty(name) || name == MetadataKey)
            throw new ArgumentException($"safetensors file '{path}': '{name}' cannot be a tensor name");
        return tensor.detach().contiguous();
    }

    /// <summary>Position in the reference implementation's dtype order (which is by increasing alignment).</summary>
    static int Rank(ScalarType dtype) => dtype switch
    {
        ScalarType.Bool => -1,
        ScalarType.Float32 => 0,
        ScalarType.Float64 => 1,
        _ => 2,
    };

    static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Bool => "BOOL",
        _ => "I64",
    };

    static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Bool => 1,
        ScalarType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Compact JSON header like the reference writer's: metadata first, tensors in data order, space-padded to 8 bytes.</summary>
    static byte[] Header(List<(string Name, Tensor Tensor)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata != null)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                long size = tensor.numel() * ElementSize(tensor.dtype);
                json.WriteStartObject(name);
                json.WriteString("dtype", DTypeName(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    static ReadOnlySpan<byte> Bytes(Tensor contiguous)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: writing needs a little-endian machine");
        var cpu = contiguous.cpu();
        return contiguous.dtype switch
        {
            ScalarType.Float32 => MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()),
            ScalarType.Float64 => MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()),
            ScalarType.Bool => MemoryMarshal.AsBytes(cpu.data<bool>().ToArray().AsSpan()),   // .NET writes true as 1, as the format wants
            _ => MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()),
        };
    }

    sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    static (Dictionary<string, Tensor>, Dictionary<string, string>) Parse(byte[] file, string path)
    {
        if (file.Length < 8) throw Problem(path, $"truncated: the file is {file.Length} bytes, shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes) throw Problem(path, $"header length {headerLength} is larger than the {MaxHeaderBytes}-byte limit (not a safetensors file?)");
        if (headerLength > (ulong)(file.Length - 8)) throw Problem(path, $"header length {headerLength} exceeds the {file.Length - 8} bytes that follow it (truncated file?)");
        int dataStart = 8 + (int)headerLength;
        long dataLength = file.Length - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw Problem(path, $"the header is not valid UTF-8 JSON ({e.Message})", e);
        }

        var metadata = new Dictionary<string, string>();
        var entries = new List<Entry>();
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Problem(path, $"the header is a JSON {document.RootElement.ValueKind}, expected an object");
            var seen = new HashSet<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw Problem(path, $"the header names '{property.Name}' twice");
                if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, path);
                else entries.Add(ReadEntry(property.Name, property.Value, path));
            }
        }

        // The data must be covered exactly: sorted by offsets, each tensor starts where the previous one ended.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expectedBegin = 0;
        string? previous = null;
        foreach (var e in entries)
        {
            if (e.Begin < expectedBegin) throw Problem(path, $"tensor '{e.Name}' (data_offsets [{e.Begin}, {e.End}]) overlaps tensor '{previous}', which ends at {expectedBegin}");
            if (e.Begin > expectedBegin)
                throw Problem(path, $"tensor '{e.Name}' starts at data offset {e.Begin}, expected {expectedBegin} ({(previous == null ? "the start of the data" : $"right after tensor '{previous}'")}); tensors must be stored back to back");
            expectedBegin = e.End;
            previous = e.Name;
        }
        if (expectedBegin > dataLength) throw Problem(path, $"truncated: the header describes {expectedBegin} bytes of tensor data but the file holds {dataLength}");
        if (expectedBegin < dataLength) throw Problem(path, $"the file holds {dataLength} bytes of tensor data but the header describes only {expectedBegin}");

        var tensors = new Dictionary<string, Tensor>();
        foreach (var e in entries) tensors[e.Name] = Materialise(e, file, dataStart);
        return (tensors, metadata);
    }

    static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Problem(path, $"'{MetadataKey}' is a JSON {value.ValueKind}, expected an object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Problem(path, $"'{MetadataKey}' entry '{item.Name}' is a JSON {item.Value.ValueKind}, expected a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    static Entry ReadEntry(string name, JsonElement info, string path)
    {
        Exception Bad(string what) => Problem(path, $"tensor '{name}': {what}");

        if (info.ValueKind != JsonValueKind.Object) throw Bad($"its entry is a JSON {info.ValueKind}, expected an object with dtype, shape and data_offsets");
        if (!info.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String) throw Bad("missing or non-string \"dtype\"");
        var dtype = dtypeElement.GetString() switch
        {
            "F32" => ScalarType.Float32,
            "F64" => ScalarType.Float64,
            "I64" => ScalarType.Int64,
            "BOOL" => ScalarType.Bool,
            var other => throw Bad($"dtype \"{other}\" is not supported (GenCourse reads F32, F64, I64 and BOOL)"),
        };
        if (!info.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array) throw Bad("missing or non-array \"shape\"");
        var shape = new List<long>();
        long numel = 1;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long size) || size < 0) throw Bad($"shape entry {d} is not a non-negative integer");
            if (size > int.MaxValue) throw Bad($"shape entry {size} is too large");
            shape.Add(size);
            numel = numel * size;
            if (numel > int.MaxValue) throw Bad($"shape [{string.Join(", ", shape)}...] has more than 2^31 elements");
        }
        if (!info.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Bad("missing \"data_offsets\" [begin, end]");
        if (offsets[0].ValueKind != JsonValueKind.Number || offsets[1].ValueKind != JsonValueKind.Number
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw Bad($"data_offsets {offsets} must be two integers with 0 <= begin <= end");
        long expected = numel * ElementSize(dtype);
        if (end - begin != expected)
            throw Bad($"data_offsets [{begin}, {end}] span {end - begin} bytes but {DTypeName(dtype)} of shape [{string.Join(", ", shape)}] needs {numel} x {ElementSize(dtype)} = {expected}");
        return new Entry(name, dtype, shape.ToArray(), begin, end);
    }

    static InvalidDataException Problem(string path, string problem, Exception? inner = null) =>
        new($"safetensors file '{path}': {problem}", inner);

    /// <summary>Non-zero bytes are true (a byte other than 0 or 1 reinterpreted as a .NET bool would not be a valid one).</summary>
    static bool[] BoolsOf(ReadOnlySpan<byte> bytes)
    {
        var values = new bool[bytes.Length];
        for (int i = 0; i < values.Length; i++) values[i] = bytes[i] != 0;
        return values;
    }

    static Tensor Materialise(Entry e, byte[] file, int dataStart)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: reading needs a little-endian machine");
        var bytes = file.AsSpan(dataStart + (int)e.Begin, (int)(e.End - e.Begin));
        return e.DType switch
        {
            ScalarType.Float32 => torch.tensor(MemoryMarshal.Cast<byte, float>(bytes).ToArray(), e.Shape),
            ScalarType.Float64 => torch.tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), e.Shape),
            ScalarType.Bool => torch.tensor(BoolsOf(bytes), e.Shape),
            _ => torch.tensor(MemoryMarshal.Cast<byte, long>(bytes).ToArray(), e.Shape),
        };
    }
}
