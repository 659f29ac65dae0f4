namespace GreenPT.AI.Aspire.Tests;

/// <summary>Every test class of this project shares one start of the app host (it takes most of the project's time).</summary>
[CollectionDefinition(Name)]
public sealed class SharedAspireApp : ICollectionFixture<AspireAppFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "AspireApp";
}
