namespace GenCourse;

/// <summary>
/// Scalar random numbers for the kit's array-level algorithms (samplers, k-means++, permutations), drawn in blocks
/// from a torch <c>Generator</c> through the engine's own rand/randn, so a seeded generator gives reproducible draws
/// on either engine and the generator's state advances as with any other draw.
/// </summary>
internal sealed class RandomStream(Generator? generator)
{
    const int Block = 1024;
    double[] uniforms = [], normals = [];
    int nextUniform, nextNormal;

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble()
    {
        if (nextUniform == uniforms.Length) (uniforms, nextUniform) = (torch.rand([Block], dtype: torch.float64, generator: generator).data<double>().ToArray(), 0);
        return uniforms[nextUniform++];
    }

    /// <summary>Standard normal.</summary>
    public double NextNormal()
    {
        if (nextNormal == normals.Length) (normals, nextNormal) = (torch.randn([Block], dtype: torch.float64, generator: generator).data<double>().ToArray(), 0);
        return normals[nextNormal++];
    }

    /// <summary>Uniform on {0, ..., n - 1}.</summary>
    public long NextInt64(long n) => Math.Min(n - 1, (long)(NextDouble() * n));
}
