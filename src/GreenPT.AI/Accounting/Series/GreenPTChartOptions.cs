namespace GreenPT.AI;

/// <summary>The size and title of a chart drawn by <see cref="GreenPTImpactSeries.ToSvg"/>.</summary>
public sealed class GreenPTChartOptions
{
    private readonly int _width = 960;
    private readonly int _height = 600;

    /// <summary>The image's width in pixels: 480 to 4096; 960 unless set.</summary>
    /// <exception cref="ArgumentException">Out of range.</exception>
    public int Width
    {
        get => _width;
        init => _width = value is >= 480 and <= 4096 ? value
            : throw new ArgumentException($"A chart width of {value} pixels is out of range: it must be from 480 to 4096.", nameof(Width));
    }

    /// <summary>The image's height in pixels: 360 to 4096; 600 unless set.</summary>
    /// <exception cref="ArgumentException">Out of range.</exception>
    public int Height
    {
        get => _height;
        init => _height = value is >= 360 and <= 4096 ? value
            : throw new ArgumentException($"A chart height of {value} pixels is out of range: it must be from 360 to 4096.", nameof(Height));
    }

    /// <summary>The title; <see langword="null"/> (the default) for one naming the scope, the window and its dates.</summary>
    public string? Title { get; init; }
}
