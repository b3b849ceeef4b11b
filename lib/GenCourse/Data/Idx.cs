using System.Buffers.Binary;
using System.IO.Compression;

namespace GenCourse.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic number
/// <c>0x0000TTDD</c> (TT = element type, 0x08 for unsigned bytes; DD = number of dimensions), DD big-endian
/// 32-bit sizes, then the elements in row-major order. Files may be gzip-compressed (detected from their content).
/// Every problem is reported as an <see cref="InvalidDataException"/> that names the file.
/// </summary>
public static class Idx
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The pixels of an image file, row-major [count, rows, columns], and its sizes.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var (sizes, data) = Read(path, ImagesMagic, "images");
        return (data, sizes[0], sizes[1], sizes[2]);
    }

    /// <summary>The labels of a label file, one byte per example.</summary>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "labels").Data;

    static (int[] Sizes, byte[] Data) Read(string path, int expectedMagic, string kind)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist", path);
        using var stream = OpenMaybeGzip(path);
        var magicBytes = new byte[4];
        int got = ReadFully(stream, magicBytes, path);
        if (got < 4) throw Problem(path, $"truncated: the file holds {got} bytes, fewer than the 4-byte magic number");
        int magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (magic != expectedMagic)
            throw Problem(path, $"bad magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} ({kind}: unsigned bytes, {expectedMagic & 0xFF} dimension(s))");

        int rank = expectedMagic & 0xFF;
        var sizeBytes = new byte[4 * rank];
        got = ReadFully(stream, sizeBytes, path);
        if (got < sizeBytes.Length) throw Problem(path, $"truncated header: expected {sizeBytes.Length} bytes of dimension sizes, got {got}");
        var sizes = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(sizeBytes.AsSpan(4 * i));
            if (sizes[i] < 0) throw Problem(path, $"dimension {i} has negative size {sizes[i]}");
            total *= sizes[i];
            if (total > Array.MaxLength) throw Problem(path, $"the sizes [{string.Join(", ", sizes[..(i + 1)])}] describe more than {Array.MaxLength} bytes");
        }

        var data = new byte[total];
        got = ReadFully(stream, data, path);
        if (got < total) throw Problem(path, $"truncated: expected {total} data bytes for sizes [{string.Join(", ", sizes)}], got {got}");
        if (ReadFully(stream, new byte[1], path) > 0) throw Problem(path, $"has bytes after the {total} data bytes that the sizes [{string.Join(", ", sizes)}] describe");
        return (sizes, data);
    }

    static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        bool gzip = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
        file.Position = 0;
        return gzip ? new GZipStream(file, CompressionMode.Decompress) : new BufferedStream(file, 1 << 16);
    }

    /// <summary>Reads until the buffer is full or the stream ends; returns the number of bytes read.</summary>
    static int ReadFully(Stream stream, byte[] buffer, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw Problem(path, $"the gzip stream is corrupt ({e.Message})", e);
        }
    }

    static InvalidDataException Problem(string path, string problem, Exception? inner = null) =>
        new($"IDX file '{path}': {problem}", inner);
}
