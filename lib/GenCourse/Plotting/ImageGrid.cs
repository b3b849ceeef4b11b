using System.Net;
using System.Text;

namespace GenCourse.Plotting;

/// <summary>
/// Images from a tensor [N, C, H, W] (C = 1 or 3) or [N, H, W] tiled into one PNG, like torchvision's make_grid,
/// with optional captions. Values are mapped from [lo, hi] (default [0, 1], or the data's range with normalize) to 0..255.
/// </summary>
[TypeFormatterSource(typeof(RenderableFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ImageGrid : IRenderable
{
    public ImageGrid(Tensor images, int nrow = 8, int padding = 2, bool normalize = false, (double lo, double hi)? range = null,
        IReadOnlyList<string>? labels = null, int scale = 2, string? title = null)
    {
        var x = images.detach().to(ScalarType.Float64);
        if (x.dim() == 3) x = x.unsqueeze(1);
        if (x.dim() == 2 && x.shape[1] is var d && Math.Sqrt(d) is var s && s == Math.Floor(s))
            x = x.reshape(-1, 1, (long)s, (long)s);
        if (x.dim() != 4 || x.shape[1] is not (1 or 3))
            throw new ArgumentException($"ImageGrid: expects images [N, 1 or 3, H, W], [N, H, W] or flattened square images [N, H*W], got shape {Shape.Format(images.shape)}");
        if (labels != null && labels.Count != x.shape[0])
            throw new ArgumentException($"ImageGrid: got {labels.Count} labels for {x.shape[0]} images");
        if (nrow < 1 || padding < 0 || scale < 1) throw new ArgumentException($"ImageGrid: nrow and scale must be >= 1 and padding >= 0, got {nrow}, {scale}, {padding}");
        var (lo, hi) = range ?? (normalize ? (x.min().ToDouble(), x.max().ToDouble()) : (0.0, 1.0));
        Count = (int)x.shape[0];
        Channels = (int)x.shape[1];
        int h = (int)x.shape[2], w = (int)x.shape[3];
        Columns = Math.Min(nrow, Count);
        Rows = (Count + Columns - 1) / Columns;
        Width = (Columns * (w + padding) + padding) * scale;
        Height = (Rows * (h + padding) + padding) * scale;
        (Labels, Title) = (labels, title);
        var values = x.ToDoubles();
        var pixels = new byte[Width * Height * Channels];
        for (int n = 0; n < Count; n++)
        {
            int top = (n / Columns * (h + padding) + padding) * scale, left = (n % Columns * (w + padding) + padding) * scale;
            for (int c = 0; c < Channels; c++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        double v = values[((n * Channels + c) * h + i) * w + j];
                        byte b = (byte)Math.Round(255 * Math.Clamp(hi > lo ? (v - lo) / (hi - lo) : 0, 0, 1));
                        for (int di = 0; di < scale; di++)
                            for (int dj = 0; dj < scale; dj++)
                                pixels[((top + i * scale + di) * Width + left + j * scale + dj) * Channels + c] = b;
                    }
        }
        PngBytes = Png.Encode(pixels, Width, Height, Channels);
        if (labels != null)
            tiles = Enumerable.Range(0, Count).Select(n => Tile(pixels, n, h, w, padding, scale)).ToArray();
    }

    readonly byte[][]? tiles;

    // One image cut out of the grid (with its padding), for captioned layouts.
    byte[] Tile(byte[] pixels, int n, int h, int w, int padding, int scale)
    {
        int tw = (w + 2 * padding) * scale, th = (h + 2 * padding) * scale;
        int top = n / Columns * (h + padding) * scale, left = n % Columns * (w + padding) * scale;
        var tile = new byte[tw * th * Channels];
        for (int i = 0; i < th; i++)
            Array.Copy(pixels, ((top + i) * Width + left) * Channels, tile, i * tw * Channels, tw * Channels);
        return Png.Encode(tile, tw, th, Channels);
    }

    public int Count { get; }
    public int Channels { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int Width { get; }
    public int Height { get; }
    public byte[] PngBytes { get; }
    public IReadOnlyList<string>? Labels { get; }
    public string? Title { get; }

    static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    public void Save(string path) => File.WriteAllBytes(path, PngBytes);

    public string ToHtml()
    {
        var sb = new StringBuilder("<figure class=\"gencourse-images\" style=\"margin:0\">");
        if (Title != null) sb.Append($"<figcaption style=\"font-weight:bold\">{WebUtility.HtmlEncode(Title)}</figcaption>");
        if (tiles == null || Labels == null)
            sb.Append($"<img alt=\"{Count} images\" width=\"{Width}\" height=\"{Height}\" style=\"image-rendering:pixelated\" src=\"{DataUri(PngBytes)}\"/>");
        else
        {
            sb.Append($"<div style=\"display:grid;grid-template-columns:repeat({Columns},max-content);gap:0;font-size:11px;text-align:center\">");
            for (int n = 0; n < Count; n++)
                sb.Append($"<div><img style=\"image-rendering:pixelated;display:block\" src=\"{DataUri(tiles[n])}\"/><span>{WebUtility.HtmlEncode(Labels[n])}</span></div>");
            sb.Append("</div>");
        }
        return sb.Append("</figure>").ToString();
    }

    public string ToPlainText() => $"ImageGrid({Count} images, {Rows}x{Columns}, {Width}x{Height} px)";

    public override string ToString() => ToPlainText();
}
