using System.Buffers.Binary;
using System.Text;
using GenCourse.Serialization;
using GenCourse.Tests.Data;
using static GenCourse.torch;

namespace GenCourse.Tests.Serialization;

public class SafeTensorsTests
{
    static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch_written.safetensors");

    /// <summary>The tensors make_safetensors_fixture.py writes (fixture_tensors there).</summary>
    static Dictionary<string, Tensor> FixtureTensors() => new()
    {
        ["encoder.weight"] = arange(12, float32).reshape(3, 4) / 8 - 0.75,
        ["encoder.bias"] = tensor(new float[] { -0f, float.Epsilon, float.PositiveInfinity, float.MaxValue, MathF.PI }),
        ["decoder.weight"] = tensor(new double[,] { { Math.E, -1.0 / 3, 1e-300 }, { double.Epsilon, double.MaxValue, -2.5 } }),
        ["scale"] = tensor(Math.PI, float64),
        ["steps"] = tensor(new long[] { 0, -1, 1L << 62, long.MinValue }),
        ["bn.num_batches_tracked"] = tensor(new long[] { 7 }, []),
        ["empty"] = zeros([0, 3], float32),
    };

    static readonly Dictionary<string, string> FixtureMetadata = new() { ["format"] = "pt", ["source"] = "make_safetensors_fixture.py" };

    /// <summary>A safetensors file from a header text and data bytes, without any validation.</summary>
    static byte[] RawFile(string header, byte[] data, ulong? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredLength ?? (ulong)json.Length);
        json.CopyTo(file, 8);
        data.CopyTo(file, 8 + json.Length);
        return file;
    }

    static void AssertSameTensor(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        switch (expected.dtype)
        {
            case ScalarType.Float32:
                Assert.Equal(expected.ToArray<float>().Select(BitConverter.SingleToInt32Bits), actual.ToArray<float>().Select(BitConverter.SingleToInt32Bits));
                break;
            case ScalarType.Float64:
                Assert.Equal(expected.ToArray<double>().Select(BitConverter.DoubleToInt64Bits), actual.ToArray<double>().Select(BitConverter.DoubleToInt64Bits));
                break;
            case ScalarType.Bool:
                Assert.Equal(expected.ToArray<bool>(), actual.ToArray<bool>());
                break;
            default:
                Assert.Equal(expected.ToArray<long>(), actual.ToArray<long>());
                break;
        }
    }

    [Fact]
    public void SaveThenLoad_RoundTripsAllDtypesScalarsEmptyTensorsAndMetadataBitForBit()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.safetensors");
        var tensors = FixtureTensors();
        SafeTensors.Save(tensors, path, new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "ünïcode \"quoted\"" });
        var (loaded, metadata) = SafeTensors.LoadWithMetadata(path);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors) AssertSameTensor(t, loaded[name]);
        Assert.Equal("3", metadata["epoch"]);
        Assert.Equal("ünïcode \"quoted\"", metadata["note"]);
        Assert.Empty(loaded["empty"].ToArray<float>());
        Assert.Equal(0, loaded["scale"].dim());
    }

    [Fact]
    public void Save_NonContiguousAndGradTensors_StoresTheirValuesInRowMajorOrder()
    {
        using var temp = new TempFolder();
        var path = temp.File("t.safetensors");
        var w = arange(6, float32).reshape(2, 3).requires_grad_();
        SafeTensors.Save(new Dictionary<string, Tensor> { ["wt"] = w.t(), ["w2"] = w * 2 }, path);
        var loaded = SafeTensors.Load(path);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, loaded["wt"].ToArray<float>());
        Assert.Equal(new long[] { 3, 2 }, loaded["wt"].shape);
        Assert.False(loaded["w2"].requires_grad);
    }

    [Fact]
    public void Save_WritesTheSameBytesAsTheReferenceImplementation()
    {
        // From the reference's own tests (safetensors/src/tensor.rs, test_serialization and test_empty).
        using var temp = new TempFolder();
        var path = temp.File("ref.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["attn.0"] = arange(6, float32).reshape(1, 2, 3) }, path);
        var data = new float[] { 0, 1, 2, 3, 4, 5 }.SelectMany(BitConverter.GetBytes).ToArray();
        Assert.Equal(RawFile("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", data), File.ReadAllBytes(path));

        SafeTensors.Save(new Dictionary<string, Tensor>(), path);
        Assert.Equal(RawFile("{}      ", []), File.ReadAllBytes(path));
        SafeTensors.Save(new Dictionary<string, Tensor>(), path, new Dictionary<string, string> { ["framework"] = "pt" });
        Assert.Equal(RawFile("{\"__metadata__\":{\"framework\":\"pt\"}}     ", []), File.ReadAllBytes(path));
    }

    [Fact]
    public void BoolTensors_AreWrittenAsOneByteBOOLsAfterTheWiderDtypes_AndReadBack()
    {
        using var temp = new TempFolder();
        var path = temp.File("mask.safetensors");
        var mask = tensor(new[] { true, false, true, true, false, false }, [2, 3]);
        var tensors = new Dictionary<string, Tensor> { ["a.mask"] = mask, ["z.step"] = tensor(new long[] { 5 }), ["m.w"] = tensor(new[] { 0.5f }) };
        SafeTensors.Save(tensors, path);
        // the reference order: I64, F32, then BOOL (the smallest alignment), whatever the names
        var header = "{\"z.step\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}," +
                     "\"m.w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}," +
                     "\"a.mask\":{\"dtype\":\"BOOL\",\"shape\":[2,3],\"data_offsets\":[12,18]}}";
        header += new string(' ', (8 - header.Length % 8) % 8);
        byte[] data = [.. BitConverter.GetBytes(5L), .. BitConverter.GetBytes(0.5f), 1, 0, 1, 1, 0, 0];
        Assert.Equal(RawFile(header, data), File.ReadAllBytes(path));
        AssertSameTensor(mask, SafeTensors.Load(path)["a.mask"]);
        AssertSameTensor(mask.t(), LoadSaved(temp, mask.t()));   // a non-contiguous mask in row-major order
    }

    static Tensor LoadSaved(TempFolder temp, Tensor t)
    {
        var path = temp.File("one.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["t"] = t }, path);
        return SafeTensors.Load(path)["t"];
    }

    [Fact]
    public void Load_BOOL_TakesEveryNonZeroByteAsTrue()
    {
        using var temp = new TempFolder();
        var path = temp.File("bytes.safetensors");
        File.WriteAllBytes(path, RawFile("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[4],\"data_offsets\":[0,4]}}", [0, 1, 2, 255]));
        Assert.Equal(new[] { false, true, true, true }, SafeTensors.Load(path)["m"].data<bool>().ToArray());
    }

    [Fact]
    public void Save_PadsTheHeaderWithSpacesSoTheDataStartsAtAMultipleOf8()
    {
        using var temp = new TempFolder();
        var path = temp.File("pad.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["attn0"] = arange(6, float32).reshape(1, 1, 2, 3) }, path);
        var bytes = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(72UL, n);                                             // as in the reference's test_serialization_forced_alignement
        Assert.EndsWith("}}       ", Encoding.UTF8.GetString(bytes, 8, (int)n));
    }

    [Fact]
    public void Load_FileWrittenByPyTorch_GivesTheExactValuesAndMetadata()
    {
        var (loaded, metadata) = SafeTensors.LoadWithMetadata(FixturePath);
        var expected = FixtureTensors();
        Assert.Equal(expected.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in expected) AssertSameTensor(t, loaded[name]);
        Assert.Equal(FixtureMetadata, metadata);
        Assert.True(float.IsNegative(loaded["encoder.bias"][0].item<float>()));          // -0.0 survives
        Assert.Equal(long.MinValue, loaded["steps"][3].item<long>());
    }

    [Fact]
    public void Save_SameTensorsAsThePyTorchFixture_WritesAByteIdenticalFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("same.safetensors");
        SafeTensors.Save(FixtureTensors(), path, FixtureMetadata);
        Assert.Equal(File.ReadAllBytes(FixturePath), File.ReadAllBytes(path));
    }

    [Fact]
    public void Load_TensorsOwnTheirStorage()
    {
        var loaded = SafeTensors.Load(FixturePath);
        foreach (var t in loaded.Values) Assert.Equal(t.numel(), t.storage.Length);
        loaded["encoder.weight"].mul_(0);
        Assert.Equal(-0.75f, SafeTensors.Load(FixturePath)["encoder.weight"][0, 0].item<float>());
    }

    [Fact]
    public void Save_FailingMidway_LeavesTheTargetUntouchedAndNoTemporaryFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["w"] = ones(3) }, path);
        var before = File.ReadAllBytes(path);
        // Storage that claims float32 but holds doubles: reading its data throws after "a.good" has been written.
        var broken = new Tensor(new Storage(new double[4], ScalarType.Float32), [4], [1], 0);
        var tensors = new Dictionary<string, Tensor> { ["a.good"] = full([1000], 2.0), ["b.broken"] = broken };
        Assert.ThrowsAny<Exception>(() => SafeTensors.Save(tensors, path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(temp.Path));

        var fresh = temp.File("fresh.safetensors");
        Assert.ThrowsAny<Exception>(() => SafeTensors.Save(tensors, fresh));
        Assert.False(File.Exists(fresh));
        Assert.Equal(new[] { path }, Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Save_OverwritesAnExistingFile()
    {
        using var temp = new TempFolder();
        var path = temp.File("model.safetensors");
        SafeTensors.Save(new Dictionary<string, Tensor> { ["w"] = ones(1000) }, path);
        SafeTensors.Save(new Dictionary<string, Tensor> { ["v"] = zeros(2) }, path);
        Assert.Equal(new[] { "v" }, SafeTensors.Load(path).Keys);
    }

    [Fact]
    public void Save_IntoAMissingFolder_ErrorNamesTheFolder()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => SafeTensors.Save(new Dictionary<string, Tensor>(), "/nonexistent-folder/x.safetensors"));
        Assert.Contains("/nonexistent-folder", e.Message);
    }

    public static TheoryData<string, string> CorruptFiles => new()
    {
        { "truncated-data", "truncated: the header describes 16 bytes of tensor data but the file holds 12" },
        { "header-too-long", "header length 1000 exceeds the" },
        { "shorter-than-8", "shorter than the 8-byte header length" },
        { "bad-json", "the header is not valid UTF-8 JSON" },
        { "not-an-object", "the header is a JSON Array, expected an object" },
        { "overlapping", "tensor 'b' (data_offsets [8, 16]) overlaps tensor 'a', which ends at 12" },
        { "gap", "tensor 'b' starts at data offset 12, expected 8 (right after tensor 'a')" },
        { "gap-at-start", "tensor 'a' starts at data offset 4, expected 0 (the start of the data)" },
        { "wrong-size", "tensor 'a': data_offsets [0, 8] span 8 bytes but F32 of shape [3] needs 3 x 4 = 12" },
        { "unknown-dtype", "tensor 'a': dtype \"F16\" is not supported" },
        { "extra-data", "the file holds 20 bytes of tensor data but the header describes only 16" },
        { "duplicate-name", "the header names 'a' twice" },
        { "metadata-not-string", "'__metadata__' entry 'epoch' is a JSON Number, expected a string" },
        { "missing-offsets", "tensor 'a': missing \"data_offsets\"" },
        { "negative-shape", "tensor 'a': shape entry -2 is not a non-negative integer" },
    };

    static byte[] Corrupt(string kind) => kind switch
    {
        "truncated-data" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[12]),
        "header-too-long" => RawFile("{}", new byte[8], declaredLength: 1000),
        "shorter-than-8" => [1, 2, 3],
        "bad-json" => RawFile("{\"a\":{\"dtype\":\"F32\",", new byte[4]),
        "not-an-object" => RawFile("[1, 2]", []),
        "overlapping" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", new byte[16]),
        "gap" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", new byte[16]),
        "gap-at-start" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
        "wrong-size" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
        "unknown-dtype" => RawFile("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
        "extra-data" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[20]),
        "duplicate-name" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
        "metadata-not-string" => RawFile("{\"__metadata__\":{\"epoch\":3}}", []),
        "missing-offsets" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
        "negative-shape" => RawFile("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,4]}}", new byte[4]),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Load_CorruptFile_ErrorNamesTheFileAndTheProblem(string kind, string problem)
    {
        using var temp = new TempFolder();
        var path = temp.File(kind + ".safetensors");
        File.WriteAllBytes(path, Corrupt(kind));
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains($"safetensors file '{path}'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Load_TruncatedCopyOfARealCheckpoint_IsRejected()
    {
        using var temp = new TempFolder();
        var path = temp.File("cut.safetensors");
        var bytes = File.ReadAllBytes(FixturePath);
        File.WriteAllBytes(path, bytes[..^5]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load("/nonexistent/model.safetensors"));
        Assert.Contains("/nonexistent/model.safetensors", e.Message);
    }
}
