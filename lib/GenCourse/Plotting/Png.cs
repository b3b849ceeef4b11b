using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GenCourse.Plotting;

/// <summary>A minimal PNG encoder (8-bit grayscale or RGB, no interlacing), per the PNG specification.</summary>
public static class Png
{
    static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    static uint Crc(ReadOnlySpan<byte> data, uint crc = 0xFFFFFFFFu)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>Encodes row-major pixels: <paramref name="channels"/> 1 (gray) or 3 (RGB) bytes per pixel.</summary>
    public static byte[] Encode(byte[] pixels, int width, int height, int channels)
    {
        if (channels is not (1 or 3)) throw new ArgumentException($"Png.Encode: channels must be 1 or 3, got {channels}");
        if (width <= 0 || height <= 0 || pixels.Length != width * height * channels)
            throw new ArgumentException($"Png.Encode: {pixels.Length} bytes do not make a {width}x{height} image with {channels} channel(s)");
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;                                    // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);        // colour type: gray or RGB
        Chunk(output, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
                for (int y = 0; y < height; y++)
                {
                    z.WriteByte(0);                       // filter type None
                    z.Write(pixels, y * width * channels, width * channels);
                }
            Chunk(output, "IDAT", raw.ToArray());
        }
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        uint crc = Crc(data, Crc(typeBytes)) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }
}
