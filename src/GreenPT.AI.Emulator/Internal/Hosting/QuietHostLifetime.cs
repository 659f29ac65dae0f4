using Microsoft.Extensions.Hosting;

namespace GreenPT.AI.Emulator.Internal.Hosting;

/// <summary>A host lifetime that neither prints start-up banners nor listens for Ctrl+C (the emulator's owner decides when it stops).</summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
