namespace GenCourse.Kernels;

/// <summary>
/// One independent piece of a convolution: group <see cref="Group"/>, images [Image, Image + Images), and of each
/// image the output pixels [P0, P1) and the group's input channels [C0, C1).
/// </summary>
internal readonly record struct ConvBlock(int Group, int Image, int Images, int P0, int P1, int C0, int C1)
{
    /// <summary>Pixels per image in the block.</summary>
    public int Pixels => P1 - P0;

    /// <summary>Columns of the block's im2col matrix: its pixels of all its images side by side.</summary>
    public int Columns => Images * Pixels;
}

/// <summary>
/// Cuts a convolution into blocks of about <c>targetColumns</c> im2col columns (whole images side by side when
/// images are small, parts of an image when they are large), and into more blocks when needed to keep
/// every core busy. Blocks are numbered group-major, then image, pixel and channel.
/// </summary>
internal readonly struct ConvBlocks
{
    readonly int imagesPerBlock, imageBlocks, pixelsPerBlock, pixelBlocks, channelsPerBlock, channelBlocks;
    readonly int n, pixels, channels;

    public int Count { get; }

    ConvBlocks(in Conv2dGeometry g, int imagesPerBlock, int pixelBlocks, int channelBlocks)
    {
        (n, pixels, channels) = (g.N, g.OutH * g.OutW, g.InChannelsPerGroup);
        this.imagesPerBlock = imagesPerBlock;
        imageBlocks = CeilDiv(n, imagesPerBlock);
        pixelsPerBlock = CeilDiv(pixels, pixelBlocks);
        this.pixelBlocks = CeilDiv(pixels, pixelsPerBlock);
        channelsPerBlock = CeilDiv(channels, channelBlocks);
        this.channelBlocks = CeilDiv(channels, channelsPerBlock);
        Count = g.Groups * imageBlocks * this.pixelBlocks * this.channelBlocks;
    }

    /// <summary>
    /// Blocks of whole images that split input channels (input gradient by col2im, whose overlapping
    /// windows forbid splitting pixels).
    /// </summary>
    public static ConvBlocks OverChannels(in Conv2dGeometry g, int targetColumns, int minBlocks)
    {
        int images = Math.Clamp(targetColumns / (g.OutH * g.OutW), 1, g.N), channelBlocks = 1;
        var blocks = new ConvBlocks(g, images, 1, 1);
        while (blocks.Count < minBlocks && (images > 1 || channelBlocks < g.InChannelsPerGroup))
        {
            if (images > 1) images = CeilDiv(images, 2);
            else channelBlocks++;
            blocks = new ConvBlocks(g, images, 1, channelBlocks);
        }
        return blocks;
    }

    public ConvBlock this[int index]
    {
        get
        {
            int c = index % channelBlocks; index /= channelBlocks;
            int p = index % pixelBlocks; index /= pixelBlocks;
            int i = index % imageBlocks, group = index / imageBlocks;
            int image = i * imagesPerBlock, p0 = p * pixelsPerBlock, c0 = c * channelsPerBlock;
            return new ConvBlock(group, image, Math.Min(imagesPerBlock, n - image),
                p0, Math.Min(pixels, p0 + pixelsPerBlock), c0, Math.Min(channels, c0 + channelsPerBlock));
        }
    }

    internal static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
