import CVision
import VigilCore

/// Draws what was detected onto a frame: green boxes for faces (orange when looking away or
/// eyes closed), red boxes for forbidden objects, grey for people, magenta for a hand at the
/// ear and light blue for other hands. For snapshots and
/// `vigil detect --annotate`; the live overlay is drawn in the pipeline instead. A shape OpenCV
/// fails to draw (it reports 0) is left out: the picture is evidence beside the event, not the event.
enum AnnotationPainter {
    static func draw(_ detections: Detections, on image: Image, thresholds: RuleThresholds) {
        let observation = detections.observation(at: 0)
        for (face, seen) in zip(detections.faces, observation.faces) {
            let judgement = FrameJudgement(Observation(time: 0, faces: [seen]), thresholds: thresholds)
            let flagged = judgement.lookingAway.holds == true || judgement.eyesClosed.holds == true
            let colour = flagged ? (0, 140, 255) : (0, 200, 0)
            rectangle(face.detection.box, colour, on: image)
            var label = String(format: "face %.2f", face.detection.score)
            if let pose = face.pose { label += String(format: " yaw %.0f pitch %.0f", pose.yaw, pose.pitch) }
            if let gaze = face.gaze { label += String(format: " gaze %.2f", gaze.x) }
            text(label, at: Point(x: face.detection.box.x, y: face.detection.box.y - 4), colour, on: image)
            if let landmarks = face.landmarks {
                for index in HeadPose.landmarkIndices {
                    _ = cv_draw_circle(image.handle, landmarks[index].x, landmarks[index].y, 2, 255, 255, 0, -1)
                }
            }
        }
        for object in detections.objects {
            rectangle(object.box, colour(for: object.label), on: image)
            text("\(object.label) " + String(format: "%.2f", object.score), at: Point(x: object.box.x, y: object.box.y - 4),
                 colour(for: object.label), on: image)
        }
        let primary = observation.primaryFace?.box
        for (hand, seen) in zip(detections.hands, observation.hands) {
            let placement = HandPlacement.of(seen.box, face: primary)
            rectangle(hand.box, handColour(placement), on: image)
            text("hand \(placement.rawValue)", at: Point(x: hand.box.x, y: hand.box.y - 4), handColour(placement), on: image)
        }
    }

    /// Magenta for a hand at the ear (the phone signal), light blue for other hands.
    static func handColour(_ placement: HandPlacement) -> (Int, Int, Int) {
        placement == .atEar ? (255, 0, 255) : (255, 200, 120)
    }

    static func draw(_ observation: Observation, on image: Image) {
        let w = Double(image.width), h = Double(image.height)
        func pixels(_ box: Box) -> Rect { Rect(x: box.x * w, y: box.y * h, width: box.width * w, height: box.height * h) }
        for face in observation.faces { rectangle(pixels(face.box), (0, 200, 0), on: image) }
        for object in observation.objects {
            rectangle(pixels(object.box), colour(for: object.label), on: image)
            text(object.label, at: Point(x: object.box.x * w, y: object.box.y * h - 4), colour(for: object.label), on: image)
        }
        // Hands, so that a phone event raised by a hand at the ear shows that hand in its snapshot.
        for hand in observation.hands {
            let placement = HandPlacement.of(hand.box, face: observation.primaryFace?.box)
            rectangle(pixels(hand.box), handColour(placement), on: image)
            text("hand \(placement.rawValue)", at: Point(x: hand.box.x * w, y: hand.box.y * h - 4), handColour(placement), on: image)
        }
    }

    static func colour(for label: String) -> (Int, Int, Int) {
        EventKind.forObjectClass(label) == nil ? (160, 160, 160) : (0, 0, 255)
    }

    static func rectangle(_ rect: Rect, _ colour: (Int, Int, Int), on image: Image) {
        _ = cv_draw_rectangle(image.handle, rect.x, rect.y, rect.width, rect.height, Int32(colour.0), Int32(colour.1), Int32(colour.2), 2)
    }

    static func text(_ text: String, at point: Point, _ colour: (Int, Int, Int), on image: Image) {
        _ = cv_draw_text(image.handle, text, point.x, max(12, point.y), 0.45, Int32(colour.0), Int32(colour.1), Int32(colour.2), 1)
    }
}
