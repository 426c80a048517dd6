// Held arithmetic (Subx.Engine.Held) everywhere torch is driven: no number reaches libtorch as a Scalar nothing holds.
global using Subx.Engine;
