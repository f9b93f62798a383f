package dev.flexmoe.inference;

import dev.flexmoe.archrules.ServiceArchitectureTest;

class ArchitectureTest extends ServiceArchitectureTest {}
