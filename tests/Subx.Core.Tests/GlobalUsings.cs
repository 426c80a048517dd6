// Held arithmetic (Subx.Engine.Held), as in Subx.Core: no number reaches libtorch as a Scalar nothing holds.
global using Subx.Engine;
