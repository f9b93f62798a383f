package dev.flexmoe.registry.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that reads its body as a stream and bounds each part itself ({@link
 * MultipartUpload}), so {@link RequestBodyLimit}'s small limit does not apply to it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface StreamedUpload {}
